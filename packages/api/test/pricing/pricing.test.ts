import { describe, expect, it } from "vitest";
import { priceStay, priceWindow, sessionAmount, type Tariff } from "../../src/domains/pricing/pricing.ts";
import { canCheckIn, windowProblems } from "../../src/domains/reservations/window.ts";

const base: Tariff = { hourlyRateCents: 250, dailyMaxCents: 1800, graceMinutes: 10, billingIncrementMinutes: 60 };
const t0 = new Date("2026-03-28T22:00:00Z");
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

describe("priceWindow", () => {
  it.each([
    { name: "nothing for an empty window", tariff: base, minutes: 0, cents: 0 },
    { name: "one started hour", tariff: base, minutes: 1, cents: 250 },
    { name: "exactly one hour", tariff: base, minutes: 60, cents: 250 },
    { name: "a minute into the second hour", tariff: base, minutes: 61, cents: 500 },
    { name: "capped at the daily maximum", tariff: base, minutes: 10 * 60, cents: 1800 },
    { name: "24 h is one capped day", tariff: base, minutes: 24 * 60, cents: 1800 },
    { name: "a day and an hour", tariff: base, minutes: 25 * 60, cents: 2050 },
    { name: "seven days", tariff: base, minutes: 7 * 24 * 60, cents: 7 * 1800 },
    { name: "no cap without a daily maximum", tariff: { ...base, dailyMaxCents: null }, minutes: 24 * 60, cents: 24 * 250 },
    { name: "15-minute increments", tariff: { ...base, billingIncrementMinutes: 15 }, minutes: 16, cents: 125 },
    { name: "odd rate rounds once per block", tariff: { ...base, hourlyRateCents: 199, billingIncrementMinutes: 20 }, minutes: 60, cents: 199 },
    { name: "a free lot", tariff: { ...base, hourlyRateCents: 0 }, minutes: 300, cents: 0 },
  ])("$name", ({ tariff, minutes, cents }) => {
    expect(priceWindow(tariff, t0, at(minutes))).toBe(cents);
  });

  it("counts elapsed time across a daylight-saving change, not wall-clock hours", () => {
    // 2026-03-29 01:00 UTC is when Europe/Lisbon moves its clocks forward.
    expect(priceWindow(base, new Date("2026-03-29T00:30:00Z"), new Date("2026-03-29T02:30:00Z"))).toBe(500);
  });

  it("always returns whole minor units", () => {
    for (let minutes = 1; minutes < 3000; minutes += 7) {
      expect(Number.isInteger(priceWindow({ ...base, hourlyRateCents: 333, billingIncrementMinutes: 7 }, t0, at(minutes)))).toBe(true);
    }
  });
});

describe("priceStay", () => {
  it("is free within the grace period and charged from the start after it", () => {
    expect(priceStay(base, t0, at(10))).toBe(0);
    expect(priceStay(base, t0, at(11))).toBe(250);
  });
});

describe("sessionAmount", () => {
  const reservation = { endsAt: at(120), amountCents: 500 };
  it("charges a walk-up like a stay", () => {
    expect(sessionAmount(base, { startedAt: t0, endedAt: at(90) })).toBe(500);
  });
  it("charges the reserved amount when leaving on time or early", () => {
    expect(sessionAmount(base, { startedAt: at(5), endedAt: at(30) }, reservation)).toBe(500);
    expect(sessionAmount(base, { startedAt: t0, endedAt: at(120) }, reservation)).toBe(500);
  });
  it("adds overstay past the reservation's end, with grace", () => {
    expect(sessionAmount(base, { startedAt: t0, endedAt: at(130) }, reservation)).toBe(500);
    expect(sessionAmount(base, { startedAt: t0, endedAt: at(131) }, reservation)).toBe(750);
    expect(sessionAmount(base, { startedAt: t0, endedAt: at(120 + 24 * 60) }, reservation)).toBe(500 + 1800);
  });
});

describe("reservation windows", () => {
  const now = new Date("2026-06-01T12:00:00Z");
  const plus = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
  it.each([
    { name: "a normal window", start: plus(60), end: plus(120), fields: [] },
    { name: "starting 5 minutes ago", start: plus(-5), end: plus(60), fields: [] },
    { name: "starting 6 minutes ago", start: plus(-6), end: plus(60), fields: ["startsAt"] },
    { name: "ending at its start", start: plus(60), end: plus(60), fields: ["endsAt"] },
    { name: "ending before its start", start: plus(60), end: plus(30), fields: ["endsAt"] },
    { name: "exactly 7 days", start: plus(60), end: plus(60 + 7 * 24 * 60), fields: [] },
    { name: "longer than 7 days", start: plus(60), end: plus(61 + 7 * 24 * 60), fields: ["endsAt"] },
    { name: "90 days ahead", start: plus(90 * 24 * 60), end: plus(90 * 24 * 60 + 60), fields: [] },
    { name: "more than 90 days ahead", start: plus(90 * 24 * 60 + 1), end: plus(90 * 24 * 60 + 60), fields: ["startsAt"] },
  ])("$name", ({ start, end, fields }) => {
    expect(windowProblems(start, end, now).map((p) => p.field)).toEqual(fields);
  });

  it("opens check-in 15 minutes before the start and closes it at the end", () => {
    const r = { startsAt: plus(60), endsAt: plus(120) };
    expect(canCheckIn(r, plus(44))).toBe(false);
    expect(canCheckIn(r, plus(45))).toBe(true);
    expect(canCheckIn(r, plus(119))).toBe(true);
    expect(canCheckIn(r, plus(120))).toBe(false);
  });
});
