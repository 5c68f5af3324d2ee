// The report's range rule, shared by the schema (early field errors) and the
// service (which every caller goes through, jobs and scripts included).

/** The longest range a report covers, in calendar days, both ends counted. */
export const maxReportDays = 366;

const dayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Days since 1970-01-01 of a `YYYY-MM-DD` calendar date, or null when it is
 * not one (2026-02-30 is refused rather than rolled over into March).
 */
export function dayNumber(value: string): number | null {
  const match = dayPattern.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1970) return null;
  const time = Date.UTC(year, month - 1, day);
  const back = new Date(time);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return null;
  return time / 86_400_000;
}

export type RangeProblem = { field: "from" | "to"; message: string };

/** Why `from`..`to` is not a report range, or null when it is one. */
export function rangeProblem(from: string, to: string): RangeProblem | null {
  const first = dayNumber(from);
  if (first === null) return { field: "from", message: "Must be a calendar date (YYYY-MM-DD)" };
  const last = dayNumber(to);
  if (last === null) return { field: "to", message: "Must be a calendar date (YYYY-MM-DD)" };
  if (last < first) return { field: "to", message: "Must not be before from" };
  if (last - first + 1 > maxReportDays) return { field: "to", message: `At most ${maxReportDays} days from from` };
  return null;
}
