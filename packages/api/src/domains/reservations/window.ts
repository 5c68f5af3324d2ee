// When a reservation may start and end, relative to now.
import { AppError } from "../../shared/errors.ts";

const minute = 60_000;
export const windowRules = {
  maxPastMinutes: 5,
  maxLengthDays: 7,
  maxAheadDays: 90,
  checkInEarlyMinutes: 15,
} as const;

/**
 * How a spot's occupant and the bookings after it are kept apart. A walk-up
 * only takes a spot that stays unclaimed for at least `walkUpMinutes`. A
 * booking that starts within `relocateLeadMinutes` on a spot whose occupant
 * is not expected to leave in time (a walk-up, or a reservation ending within
 * `departureMarginMinutes`) is moved to another free spot before it starts.
 * Spots occupied now are never free for a window starting within the lead.
 */
export const occupancyRules = {
  walkUpMinutes: windowRules.checkInEarlyMinutes,
  relocateLeadMinutes: windowRules.checkInEarlyMinutes,
  departureMarginMinutes: 5,
} as const;

export function minutesAfter(at: Date, minutes: number): Date {
  return new Date(at.getTime() + minutes * minute);
}

export type WindowProblemCode = "WINDOW_IN_PAST" | "WINDOW_TOO_FAR_AHEAD" | "WINDOW_EMPTY" | "WINDOW_TOO_LONG";

export interface WindowProblem {
  field: "startsAt" | "endsAt";
  code: WindowProblemCode;
  message: string;
}

/** Problems with a reservation window, keyed by input field; empty when valid. */
export function windowProblems(startsAt: Date, endsAt: Date, now = new Date()): WindowProblem[] {
  const problems: WindowProblem[] = [];
  if (startsAt.getTime() < now.getTime() - windowRules.maxPastMinutes * minute) {
    problems.push({ field: "startsAt", code: "WINDOW_IN_PAST", message: `Must not be more than ${windowRules.maxPastMinutes} minutes in the past` });
  }
  if (startsAt.getTime() > now.getTime() + windowRules.maxAheadDays * 24 * 60 * minute) {
    problems.push({ field: "startsAt", code: "WINDOW_TOO_FAR_AHEAD", message: `Must be at most ${windowRules.maxAheadDays} days ahead` });
  }
  if (endsAt.getTime() <= startsAt.getTime()) {
    problems.push({ field: "endsAt", code: "WINDOW_EMPTY", message: "Must be after the start" });
  } else if (endsAt.getTime() - startsAt.getTime() > windowRules.maxLengthDays * 24 * 60 * minute) {
    problems.push({ field: "endsAt", code: "WINDOW_TOO_LONG", message: `A reservation lasts at most ${windowRules.maxLengthDays} days` });
  }
  return problems;
}

/**
 * The window rules, whoever calls: the input schemas report the same problems
 * earlier, per field, but a service called directly must not book the past.
 */
export function requireValidWindow(startsAt: Date, endsAt: Date, now = new Date(), names = { startsAt: "startsAt", endsAt: "endsAt" }): void {
  const [problem] = windowProblems(startsAt, endsAt, now);
  if (problem) throw new AppError(problem.code, `${names[problem.field]}: ${problem.message}`, { field: names[problem.field] });
}

/** A reservation can be checked into from `checkInEarlyMinutes` before its start until its end. */
export function canCheckIn(reservation: { startsAt: Date; endsAt: Date }, now = new Date()): boolean {
  return now.getTime() >= reservation.startsAt.getTime() - windowRules.checkInEarlyMinutes * minute && now < reservation.endsAt;
}
