// Prices are integer minor units. One function prices quotes, reservations
// and receipts, so the three always agree to the cent.

export interface Tariff {
  hourlyRateCents: number;
  dailyMaxCents: number | null;
  graceMinutes: number;
  billingIncrementMinutes: number;
}

const minute = 60_000;
const day = 24 * 60 * minute;

/**
 * Price of occupying a spot from `start` to `end`: every started billing
 * increment at the hourly rate, each 24 h from the start capped at the daily
 * maximum. No grace period: callers decide where grace applies.
 */
export function priceWindow(tariff: Tariff, start: Date, end: Date): number {
  const ms = end.getTime() - start.getTime();
  if (ms <= 0) return 0;
  const fullDays = Math.floor(ms / day);
  const rest = ms - fullDays * day;
  return fullDays * cappedPrice(tariff, day) + (rest > 0 ? cappedPrice(tariff, rest) : 0);
}

function cappedPrice(tariff: Tariff, ms: number): number {
  const incrementMs = tariff.billingIncrementMinutes * minute;
  const increments = Math.ceil(ms / incrementMs);
  // Rounded once per block, not per increment, so odd rates do not drift.
  const price = Math.round((increments * tariff.billingIncrementMinutes * tariff.hourlyRateCents) / 60);
  return tariff.dailyMaxCents === null ? price : Math.min(price, tariff.dailyMaxCents);
}

/** What a finished stay costs; free when it lasted no longer than the grace period. */
export function priceStay(tariff: Tariff, start: Date, end: Date): number {
  return end.getTime() - start.getTime() <= tariff.graceMinutes * minute ? 0 : priceWindow(tariff, start, end);
}

/**
 * Receipt of a session. On a reservation: the reserved amount plus overstay
 * past the reservation's end, priced by the same rules (grace included).
 */
export function sessionAmount(tariff: Tariff, session: { startedAt: Date; endedAt: Date }, reservation?: { endsAt: Date; amountCents: number } | null): number {
  if (!reservation) return priceStay(tariff, session.startedAt, session.endedAt);
  const overstayFrom = reservation.endsAt;
  const overstay = session.endedAt > overstayFrom ? priceStay(tariff, overstayFrom, session.endedAt) : 0;
  return reservation.amountCents + overstay;
}
