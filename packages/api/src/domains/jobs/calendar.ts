import { Cron } from "croner";

/**
 * Due times of a cron expression in one timezone. Croner does the calendar
 * work (month lengths, daylight-saving gaps and repeats); this only asks it
 * the one question a scheduler needs.
 */
export interface CronSchedule {
  /** The latest due time at or before `at`, or null if there is none. */
  latestDue(at: Date): Date | null;
  /** The first due time after `at`. */
  nextDue(at: Date): Date | null;
}

export function cronSchedule(expression: string, timezone: string): CronSchedule {
  const cron = new Cron(expression, { timezone, paused: true });
  return {
    latestDue: (at) => {
      // Croner answers strictly before a whole second: one second past `at`, floored, includes a due time at `at` itself.
      const reference = new Date(Math.floor(at.getTime() / 1000) * 1000 + 1000);
      const [due] = cron.previousRuns(1, reference);
      return due && due.getTime() <= at.getTime() ? due : null;
    },
    nextDue: (at) => cron.nextRun(at),
  };
}

/** Whether the name is a timezone this runtime knows (IANA names such as `Europe/Paris`, and `UTC`). */
export function isKnownTimezone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    new Cron("0 0 * * *", { timezone: name, paused: true }).nextRun(new Date(0));
    return true;
  } catch {
    return false;
  }
}

/** The calendar date (YYYY-MM-DD) of an instant in a timezone. */
export function localDate(at: Date, timezone: string): string {
  // The Canadian English format is ISO's: 2026-12-01.
  return new Intl.DateTimeFormat("en-CA", { timeZone: timezone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

/** A calendar date moved by whole days. */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** A whole calendar period in a timezone: its first and last dates, and the instants it starts and ends at. */
export interface Period {
  from: string;
  to: string;
  start: Date;
  end: Date;
}

/**
 * The calendar day before the one `at` falls on, in `timezone`: a report due
 * on the morning of the 2nd covers the 1st.
 */
export function previousDay(at: Date, timezone: string): Period {
  return previousPeriod(at, timezone, "0 0 * * *");
}

/** The calendar month before the one `at` falls on, in `timezone`. */
export function previousMonth(at: Date, timezone: string): Period {
  return previousPeriod(at, timezone, "0 0 1 * *");
}

function previousPeriod(at: Date, timezone: string, startsOf: string): Period {
  const starts = cronSchedule(startsOf, timezone);
  // Local midnights (or firsts of the month) are the period boundaries, wherever daylight saving moves them.
  const end = starts.latestDue(at)!;
  const start = starts.latestDue(new Date(end.getTime() - 1))!;
  return { from: localDate(start, timezone), to: addDays(localDate(end, timezone), -1), start, end };
}
