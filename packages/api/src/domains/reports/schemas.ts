import { z } from "zod";
import { date, id } from "../../shared/schemas.ts";
import { rangeProblem } from "./range.ts";

/** A calendar day, read in each lot's own timezone. */
const calendarDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use YYYY-MM-DD");

export const reportSummaryInput = z.strictObject({ from: calendarDay, to: calendarDay, lotId: id.optional() }).superRefine((value, ctx) => {
  const problem = rangeProblem(value.from, value.to);
  if (problem) ctx.addIssue({ code: "custom", path: [problem.field], message: problem.message });
});

const count = z.number().int().nonnegative();

/** Money of one currency, in its minor units. Amounts of different currencies are never added. */
export const reportMoney = z.object({
  currency: z.string(),
  /** Payments made in the period. */
  collectedCents: z.number().int(),
  /** Sessions that ended in the period and are still unpaid. */
  outstandingCents: z.number().int(),
});

/** Reservations by their status now (a confirmed one whose end has passed is expired), counted on the day they start. */
export const reservationCounts = z.object({
  confirmed: count,
  checked_in: count,
  completed: count,
  cancelled: count,
  expired: count,
  total: count,
});

/** The local hour (0–23) with the most occupied spot-hours, and how many. */
export const busiestHour = z.object({ hour: z.number().int().min(0).max(23), occupiedSpotHours: z.number() }).nullable();

const figures = {
  /** The lot's currency first (always present, zeros included), then any other currency its sessions were priced in. */
  revenue: z.array(reportMoney),
  /** Sessions started in the period. */
  sessions: count,
  /** Sessions ended in the period: the ones `averageStayMinutes` is taken over. */
  endedSessions: count,
  /** Null when no session ended in the period. */
  averageStayMinutes: z.number().nullable(),
  reservations: reservationCounts,
  /** Spot-hours the lot offered: its spots times the hours of each local day (23, 24 or 25). */
  openSpotHours: z.number(),
  /** Spot-hours under a parked car (up to now for cars still parked). */
  occupiedSpotHours: z.number(),
  /** occupiedSpotHours ÷ openSpotHours; 0 when nothing was open. */
  occupancyRate: z.number(),
  busiestHour,
};

/**
 * Occupancy of one local hour on one weekday, summed over every such hour in the range. A day that
 * repeats an hour (the autumn clock change) adds both; a day that skips one adds none.
 */
export const weekHour = z.object({
  /** ISO weekday: 1 is Monday, 7 is Sunday. */
  weekday: z.number().int().min(1).max(7),
  hour: z.number().int().min(0).max(23),
  occupiedSpotHours: z.number(),
  openSpotHours: z.number(),
  occupancyRate: z.number(),
});

export const reportDay = z.object({
  /** The local calendar day, `YYYY-MM-DD`. */
  date: z.string(),
  /** Its first and last instant, as local midnights: `hours` apart (23 or 25 on a daylight-saving change). */
  startsAt: date,
  endsAt: date,
  hours: z.number(),
  ...figures,
});

export const reportLot = z.object({
  lotId: z.string(),
  name: z.string(),
  timezone: z.string(),
  currency: z.string(),
  /** The whole range for this lot; its busiest hour sums each local hour over every day. */
  total: z.object(figures),
  /** Every weekday and local hour the range holds, Monday 00:00 first: the data of a heat map. */
  occupancyByWeekdayHour: z.array(weekHour),
  days: z.array(reportDay),
});

export const reportSummaryOutput = z.object({
  from: z.string(),
  to: z.string(),
  lotId: z.string().nullable(),
  /** Figures that depend on the time (cars still parked, expired reservations) are as of this instant. */
  generatedAt: date,
  lots: z.array(reportLot),
  /**
   * Every lot together: revenue has one entry per currency, sorted by code (amounts of different
   * currencies are never added); no busiest hour, since the lots keep different local hours.
   */
  totals: z.object(figures).omit({ busiestHour: true }),
  /** The lots' cells added up by local weekday and hour: each lot's 09:00 is its own local 09:00. */
  occupancyByWeekdayHour: z.array(weekHour),
});

export type ReportSummaryInput = z.infer<typeof reportSummaryInput>;
export type ReportSummary = z.infer<typeof reportSummaryOutput>;
