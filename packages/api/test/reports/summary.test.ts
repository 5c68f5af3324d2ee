// admin.reports.summary on fixtures written straight into the tables: past
// sessions, payments and reservations at chosen instants, read back per lot
// and per local calendar day. Lisbon changes clocks on the last Sundays of
// March (a 23-hour day) and October (a 25-hour day); New York is behind UTC,
// so its late evenings are the next day in UTC.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportSummary } from "../../src/domains/reports/service.ts";
import { AppError } from "../../src/shared/errors.ts";
import { createTestApi, databases, type Caller, type TestApi } from "../harness.ts";

const utc = (iso: string) => new Date(iso);

async function failure(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    if (error instanceof AppError) return error.code;
    throw error;
  }
  return "fulfilled";
}

describe.each(databases)("admin.reports.summary on %s", (kind) => {
  let api: TestApi;
  let admin: Caller;
  let driver: { id: string; caller: Caller };
  const tag = Date.now().toString(36).slice(-5).toUpperCase();
  let plates = 0;

  beforeAll(async () => {
    api = await createTestApi(kind);
    admin = (await api.signUp("admin")).caller;
    driver = await api.signUp();
  });
  afterAll(() => api.close());

  async function lot(options: { name: string; timezone: string; currency: string; capacity: number }) {
    const created = await admin.lots.create({ address: "x", city: "Reportville", hourlyRateCents: 200, ...options, name: `${options.name} ${tag}` });
    const spots = (await api.anonymous.spots.list({ lotId: created.id })).items.map((s) => s.id);
    return { id: created.id, spots };
  }

  async function session(
    lotId: string,
    spotId: string,
    startedAt: Date,
    endedAt: Date,
    money: { amountCents?: number; currency?: string; paymentStatus?: "unpaid" | "paid" | "waived" } = {},
  ): Promise<string> {
    const rows = await api.db.sql.query<{ id: string }>(
      `INSERT INTO sessions (lot_id, spot_id, plate, status, started_at, ended_at, amount_cents, currency, payment_status)
       VALUES ($1, $2, $3, 'completed', $4, $5, $6, $7, $8::"PaymentStatus") RETURNING id`,
      [lotId, spotId, `RP${tag}${plates++}`, startedAt, endedAt, money.amountCents ?? 0, money.currency ?? "EUR", money.paymentStatus ?? "unpaid"],
    );
    return rows[0]!.id;
  }

  async function payment(sessionId: string, amountCents: number, currency: string, createdAt: Date) {
    await api.db.sql.query(`INSERT INTO payments (session_id, amount_cents, currency, method, created_at) VALUES ($1, $2, $3, 'card', $4)`, [
      sessionId,
      amountCents,
      currency,
      createdAt,
    ]);
  }

  const report = (input: { from: string; to: string; lotId?: string }, now = utc("2026-12-01T12:00:00Z")) => reportSummary(api.deps, input, now);
  const dayOf = (summary: Awaited<ReturnType<typeof report>>, date: string) => summary.lots[0]!.days.find((d) => d.date === date)!;

  it("counts 23 hours on the last Sunday of March in Lisbon, and a lot full all day is exactly 1.0 occupied", async () => {
    const lisbon = await lot({ name: "Spring", timezone: "Europe/Lisbon", currency: "EUR", capacity: 2 });
    // Local midnight of 28 March is 00:00Z (WET); local midnight of 30 March is 23:00Z on the 29th (WEST).
    for (const spot of lisbon.spots) await session(lisbon.id, spot, utc("2026-03-28T00:00:00Z"), utc("2026-03-29T23:00:00Z"));
    const summary = await report({ from: "2026-03-28", to: "2026-03-30", lotId: lisbon.id });
    const [before, change, after] = summary.lots[0]!.days;

    expect(change!.date).toBe("2026-03-29");
    expect(change!.startsAt).toEqual(utc("2026-03-29T00:00:00Z"));
    expect(change!.endsAt).toEqual(utc("2026-03-29T23:00:00Z"));
    expect(change!.hours).toBe(23);
    expect(change!.openSpotHours).toBe(46);
    expect(change!.occupiedSpotHours).toBe(46);
    expect(change!.occupancyRate).toBe(1);
    expect(before!.hours).toBe(24);
    expect(before!.occupancyRate).toBe(1);
    expect(after!.hours).toBe(24);
    expect(after!.occupancyRate).toBe(0);
    // Both cars left at the first instant of the 30th.
    expect(after!.endedSessions).toBe(2);
    expect(after!.averageStayMinutes).toBe(47 * 60);
    expect(summary.lots[0]!.total.openSpotHours).toBe(2 * (24 + 23 + 24));
    expect(summary.lots[0]!.total.occupancyRate).toBe(94 / 142);
  });

  it("counts 25 hours on the last Sunday of October in Lisbon, and a lot full all day is exactly 1.0 occupied", async () => {
    const lisbon = await lot({ name: "Autumn", timezone: "Europe/Lisbon", currency: "EUR", capacity: 2 });
    // Local midnight of 25 October is 23:00Z on the 24th (WEST); of 26 October, 00:00Z (WET).
    for (const spot of lisbon.spots) await session(lisbon.id, spot, utc("2026-10-24T23:00:00Z"), utc("2026-10-26T00:00:00Z"));
    const summary = await report({ from: "2026-10-24", to: "2026-10-26", lotId: lisbon.id });
    const change = dayOf(summary, "2026-10-25");

    expect(change.startsAt).toEqual(utc("2026-10-24T23:00:00Z"));
    expect(change.endsAt).toEqual(utc("2026-10-26T00:00:00Z"));
    expect(change.hours).toBe(25);
    expect(change.openSpotHours).toBe(50);
    expect(change.occupiedSpotHours).toBe(50);
    expect(change.occupancyRate).toBe(1);
    expect(change.sessions).toBe(2);
    expect(dayOf(summary, "2026-10-24").occupiedSpotHours).toBe(0);
    expect(dayOf(summary, "2026-10-24").sessions).toBe(0);
    expect(dayOf(summary, "2026-10-26").endedSessions).toBe(2);
    expect(dayOf(summary, "2026-10-26").averageStayMinutes).toBe(25 * 60);
  });

  it("splits a stay across local midnight and puts late payments on their local day", async () => {
    const lisbon = await lot({ name: "Midnight", timezone: "Europe/Lisbon", currency: "EUR", capacity: 1 });
    const york = await lot({ name: "Evening", timezone: "America/New_York", currency: "USD", capacity: 1 });
    // 22:00 to 02:00 in Lisbon (UTC+1 in June): two hours on each local day.
    const overnight = await session(lisbon.id, lisbon.spots[0]!, utc("2026-06-10T21:00:00Z"), utc("2026-06-11T01:00:00Z"), {
      amountCents: 800,
      currency: "EUR",
      paymentStatus: "paid",
    });
    // Paid at 00:30 on the 11th in Lisbon, which is still the 10th in UTC.
    await payment(overnight, 800, "EUR", utc("2026-06-10T23:30:00Z"));
    // Paid at 23:30 on the 10th in New York (UTC-4), which is the 11th in UTC.
    const late = await session(york.id, york.spots[0]!, utc("2026-06-11T01:00:00Z"), utc("2026-06-11T03:00:00Z"), {
      amountCents: 450,
      currency: "USD",
      paymentStatus: "paid",
    });
    await payment(late, 450, "USD", utc("2026-06-11T03:30:00Z"));

    const inLisbon = await report({ from: "2026-06-10", to: "2026-06-11", lotId: lisbon.id });
    expect(dayOf(inLisbon, "2026-06-10")).toMatchObject({ occupiedSpotHours: 2, occupancyRate: 2 / 24, sessions: 1, endedSessions: 0 });
    expect(dayOf(inLisbon, "2026-06-11")).toMatchObject({
      occupiedSpotHours: 2,
      occupancyRate: 2 / 24,
      sessions: 0,
      endedSessions: 1,
      averageStayMinutes: 240,
    });
    expect(dayOf(inLisbon, "2026-06-10").revenue).toEqual([{ currency: "EUR", collectedCents: 0, outstandingCents: 0 }]);
    expect(dayOf(inLisbon, "2026-06-11").revenue).toEqual([{ currency: "EUR", collectedCents: 800, outstandingCents: 0 }]);

    const inYork = await report({ from: "2026-06-10", to: "2026-06-11", lotId: york.id });
    expect(dayOf(inYork, "2026-06-10").revenue).toEqual([{ currency: "USD", collectedCents: 450, outstandingCents: 0 }]);
    expect(dayOf(inYork, "2026-06-10")).toMatchObject({ sessions: 1, endedSessions: 1, averageStayMinutes: 120, occupiedSpotHours: 2 });
    expect(dayOf(inYork, "2026-06-11").revenue).toEqual([{ currency: "USD", collectedCents: 0, outstandingCents: 0 }]);
  });

  it("counts a stay ending at local midnight as ended the next day, a stay of no length as started and ended, a payment at its session's lot", async () => {
    const lisbon = await lot({ name: "Edges", timezone: "Europe/Lisbon", currency: "EUR", capacity: 1 });
    const elsewhere = await lot({ name: "Elsewhere", timezone: "Europe/Lisbon", currency: "EUR", capacity: 1 });
    // 22:00 to midnight in Lisbon (UTC+1 in June): two hours on the 10th, ended on the 11th.
    const toMidnight = await session(lisbon.id, lisbon.spots[0]!, utc("2026-06-10T21:00:00Z"), utc("2026-06-10T23:00:00Z"), {
      amountCents: 400,
      paymentStatus: "paid",
    });
    await session(lisbon.id, lisbon.spots[0]!, utc("2026-06-11T10:00:00Z"), utc("2026-06-11T10:00:00Z"));
    // A writer naming another lot is overruled by the database: a payment is always at its session's lot.
    await api.db.sql.query(`INSERT INTO payments (session_id, lot_id, amount_cents, currency, method, created_at) VALUES ($1, $2, 400, 'EUR', 'card', $3)`, [
      toMidnight,
      elsewhere.id,
      utc("2026-06-10T23:05:00Z"),
    ]);
    const [stored] = await api.db.sql.query<{ lot_id: string }>(`SELECT lot_id::text FROM payments WHERE session_id = $1`, [toMidnight]);
    expect(stored!.lot_id).toBe(lisbon.id);

    for (const summary of [
      await report({ from: "2026-06-10", to: "2026-06-11", lotId: lisbon.id }),
      {
        ...(await report({ from: "2026-06-10", to: "2026-06-11" })),
        lots: (await report({ from: "2026-06-10", to: "2026-06-11" })).lots.filter((l) => l.lotId === lisbon.id),
      },
    ]) {
      expect(dayOf(summary, "2026-06-10")).toMatchObject({ occupiedSpotHours: 2, sessions: 1, endedSessions: 0 });
      expect(dayOf(summary, "2026-06-11")).toMatchObject({ occupiedSpotHours: 0, sessions: 1, endedSessions: 2, averageStayMinutes: 60 });
      expect(dayOf(summary, "2026-06-11").revenue).toEqual([{ currency: "EUR", collectedCents: 400, outstandingCents: 0 }]);
    }
    const other = await report({ from: "2026-06-10", to: "2026-06-11", lotId: elsewhere.id });
    expect(other.lots[0]!.total.revenue).toEqual([{ currency: "EUR", collectedCents: 0, outstandingCents: 0 }]);
  });

  it("counts a payment on the day it was made even when its session ended long before the range", async () => {
    const lisbon = await lot({ name: "Late", timezone: "Europe/Lisbon", currency: "EUR", capacity: 1 });
    const early = await session(lisbon.id, lisbon.spots[0]!, utc("2026-04-01T08:00:00Z"), utc("2026-04-01T09:00:00Z"), {
      amountCents: 375,
      currency: "EUR",
      paymentStatus: "paid",
    });
    await payment(early, 375, "EUR", utc("2026-04-10T11:00:00Z"));
    const expected = [{ currency: "EUR", collectedCents: 375, outstandingCents: 0 }];
    expect(dayOf(await report({ from: "2026-04-10", to: "2026-04-10", lotId: lisbon.id }), "2026-04-10").revenue).toEqual(expected);
    const everyLot = await report({ from: "2026-04-10", to: "2026-04-10" });
    expect(everyLot.lots.find((l) => l.lotId === lisbon.id)!.days[0]!.revenue).toEqual(expected);
    expect(everyLot.lots.find((l) => l.lotId === lisbon.id)!.days[0]!.sessions).toBe(0);
  });

  it("never adds different currencies: totals hold one entry per currency", async () => {
    const euros = await lot({ name: "Euros", timezone: "Europe/Lisbon", currency: "EUR", capacity: 1 });
    const dollars = await lot({ name: "Dollars", timezone: "America/New_York", currency: "USD", capacity: 1 });
    const paidEuro = await session(euros.id, euros.spots[0]!, utc("2026-05-04T09:00:00Z"), utc("2026-05-04T10:00:00Z"), {
      amountCents: 300,
      currency: "EUR",
      paymentStatus: "paid",
    });
    await payment(paidEuro, 300, "EUR", utc("2026-05-04T10:05:00Z"));
    await session(euros.id, euros.spots[0]!, utc("2026-05-04T11:00:00Z"), utc("2026-05-04T13:00:00Z"), { amountCents: 600, currency: "EUR" });
    const paidDollar = await session(dollars.id, dollars.spots[0]!, utc("2026-05-04T14:00:00Z"), utc("2026-05-04T15:00:00Z"), {
      amountCents: 1_000,
      currency: "USD",
      paymentStatus: "paid",
    });
    await payment(paidDollar, 1_000, "USD", utc("2026-05-04T15:01:00Z"));
    await session(dollars.id, dollars.spots[0]!, utc("2026-05-04T16:00:00Z"), utc("2026-05-04T17:00:00Z"), { amountCents: 250, currency: "USD" });

    const summary = await report({ from: "2026-05-04", to: "2026-05-04" });
    expect(summary.totals.revenue).toEqual([
      { currency: "EUR", collectedCents: 300, outstandingCents: 600 },
      { currency: "USD", collectedCents: 1_000, outstandingCents: 250 },
    ]);
    const byId = new Map(summary.lots.map((l) => [l.lotId, l]));
    expect(byId.get(euros.id)!.total.revenue).toEqual([{ currency: "EUR", collectedCents: 300, outstandingCents: 600 }]);
    expect(byId.get(dollars.id)!.total.revenue).toEqual([{ currency: "USD", collectedCents: 1_000, outstandingCents: 250 }]);
    expect(summary.totals.sessions).toBe(4);
    expect(summary.totals.averageStayMinutes).toBe((60 + 120 + 60 + 60) / 4);

    // A session priced before its lot changed currency keeps its own.
    const older = await session(euros.id, euros.spots[0]!, utc("2026-05-04T18:00:00Z"), utc("2026-05-04T19:00:00Z"), {
      amountCents: 70,
      currency: "GBP",
    });
    expect(older).toBeTypeOf("string");
    const mixed = await report({ from: "2026-05-04", to: "2026-05-04", lotId: euros.id });
    expect(mixed.lots[0]!.days[0]!.revenue).toEqual([
      { currency: "EUR", collectedCents: 300, outstandingCents: 600 },
      { currency: "GBP", collectedCents: 0, outstandingCents: 70 },
    ]);
    expect(mixed.totals.revenue.map((m) => m.currency)).toEqual(["EUR", "GBP"]);
  });

  it("counts reservations by their status now, on the local day they start", async () => {
    const lisbon = await lot({ name: "Bookings", timezone: "Europe/Lisbon", currency: "EUR", capacity: 6 });
    const now = utc("2026-06-12T10:00:00Z");
    const statuses: [string, string, string][] = [
      ["confirmed", "2026-06-12T07:00:00Z", "2026-06-12T09:00:00Z"], // ended before now: expired
      ["confirmed", "2026-06-12T09:00:00Z", "2026-06-12T12:00:00Z"],
      ["checked_in", "2026-06-12T08:00:00Z", "2026-06-12T11:00:00Z"],
      ["completed", "2026-06-12T06:00:00Z", "2026-06-12T07:00:00Z"],
      ["cancelled", "2026-06-12T15:00:00Z", "2026-06-12T16:00:00Z"],
      ["expired", "2026-06-12T04:00:00Z", "2026-06-12T05:00:00Z"],
      // 23:30 on the 11th in UTC is 00:30 on the 12th in Lisbon.
      ["cancelled", "2026-06-11T23:30:00Z", "2026-06-12T00:30:00Z"],
      // 22:30 on the 11th in UTC is 23:30 on the 11th in Lisbon.
      ["completed", "2026-06-11T22:30:00Z", "2026-06-11T23:00:00Z"],
    ];
    for (const [index, [status, startsAt, endsAt]] of statuses.entries()) {
      // A vehicle each: one vehicle's bookings may not overlap, whatever their spots.
      const vehicle = await driver.caller.vehicles.create({ plate: `RV${tag}${index}` });
      await api.db.sql.query(
        `INSERT INTO reservations (user_id, lot_id, spot_id, vehicle_id, starts_at, ends_at, status, amount_cents, currency)
         VALUES ($1, $2, $3, $4, $5, $6, $7::"ReservationStatus", 500, 'EUR')`,
        [driver.id, lisbon.id, lisbon.spots[index % lisbon.spots.length], vehicle.id, utc(startsAt), utc(endsAt), status],
      );
    }
    const summary = await report({ from: "2026-06-11", to: "2026-06-12", lotId: lisbon.id }, now);
    expect(dayOf(summary, "2026-06-12").reservations).toEqual({ confirmed: 1, checked_in: 1, completed: 1, cancelled: 2, expired: 2, total: 7 });
    expect(dayOf(summary, "2026-06-11").reservations).toEqual({ confirmed: 0, checked_in: 0, completed: 1, cancelled: 0, expired: 0, total: 1 });
    expect(summary.lots[0]!.total.reservations.total).toBe(8);
  });

  it("names the busiest local hour by occupied spot-hours, and averages stays over the sessions that ended", async () => {
    const york = await lot({ name: "Busy", timezone: "America/New_York", currency: "USD", capacity: 3 });
    const [a, b, c] = york.spots as [string, string, string];
    // 7 September 2026 in New York is UTC-4: 10:00 local is 14:00Z.
    await session(york.id, a, utc("2026-09-07T14:00:00Z"), utc("2026-09-07T16:00:00Z")); // 10:00–12:00
    await session(york.id, b, utc("2026-09-07T15:00:00Z"), utc("2026-09-07T17:30:00Z")); // 11:00–13:30
    await session(york.id, c, utc("2026-09-07T15:15:00Z"), utc("2026-09-07T15:45:00Z")); // 11:15–11:45
    // The next day, a long quiet stay that makes 20:00 the busiest hour of that day but not of the range.
    await session(york.id, a, utc("2026-09-09T00:00:00Z"), utc("2026-09-09T01:00:00Z")); // 20:00–21:00 on the 8th

    const summary = await report({ from: "2026-09-07", to: "2026-09-08", lotId: york.id });
    const first = dayOf(summary, "2026-09-07");
    expect(first.busiestHour).toEqual({ hour: 11, occupiedSpotHours: 2.5 });
    expect(first.endedSessions).toBe(3);
    expect(first.averageStayMinutes).toBe((120 + 150 + 30) / 3);
    expect(first.occupiedSpotHours).toBe(5);
    expect(dayOf(summary, "2026-09-08").busiestHour).toEqual({ hour: 20, occupiedSpotHours: 1 });
    expect(summary.lots[0]!.total.busiestHour).toEqual({ hour: 11, occupiedSpotHours: 2.5 });
    expect(summary.lots[0]!.total.averageStayMinutes).toBe((120 + 150 + 30 + 60) / 4);
  });

  it("lays occupancy out by ISO weekday and local hour, adding both slots of a repeated hour", async () => {
    const york = await lot({ name: "Week", timezone: "America/New_York", currency: "USD", capacity: 2 });
    const [a, b] = york.spots as [string, string];
    // Monday 7 and Monday 14 September 2026, 10:00–11:00 local (14:00Z): one spot, then both.
    await session(york.id, a, utc("2026-09-07T14:00:00Z"), utc("2026-09-07T15:00:00Z"));
    await session(york.id, a, utc("2026-09-14T14:00:00Z"), utc("2026-09-14T15:00:00Z"));
    await session(york.id, b, utc("2026-09-14T14:30:00Z"), utc("2026-09-14T15:00:00Z"));
    const summary = await report({ from: "2026-09-07", to: "2026-09-20", lotId: york.id });
    const cells = summary.lots[0]!.occupancyByWeekdayHour;
    expect(cells).toHaveLength(7 * 24);
    expect(cells[0]).toMatchObject({ weekday: 1, hour: 0 });
    expect(cells.at(-1)).toMatchObject({ weekday: 7, hour: 23 });
    // Two Mondays at 10:00, two spots each: 4 open spot-hours, 2.5 occupied.
    expect(cells.find((c) => c.weekday === 1 && c.hour === 10)).toEqual({
      weekday: 1,
      hour: 10,
      occupiedSpotHours: 2.5,
      openSpotHours: 4,
      occupancyRate: 0.625,
    });
    expect(cells.filter((c) => c.occupiedSpotHours > 0)).toHaveLength(1);
    expect(summary.occupancyByWeekdayHour).toEqual(cells);

    // Sunday 25 October in Lisbon holds 01:00 twice: both slots are that Sunday's 01:00 cell.
    const lisbon = await lot({ name: "Week Repeat", timezone: "Europe/Lisbon", currency: "EUR", capacity: 1 });
    await session(lisbon.id, lisbon.spots[0]!, utc("2026-10-25T00:00:00Z"), utc("2026-10-25T02:00:00Z"));
    const autumn = (await report({ from: "2026-10-25", to: "2026-10-25", lotId: lisbon.id })).lots[0]!.occupancyByWeekdayHour;
    expect(autumn).toHaveLength(24);
    expect(autumn.find((c) => c.hour === 1)).toEqual({ weekday: 7, hour: 1, occupiedSpotHours: 2, openSpotHours: 2, occupancyRate: 1 });
    // Sunday 29 March skips 01:00: that cell is absent, not empty.
    const spring = (await report({ from: "2026-03-29", to: "2026-03-29", lotId: lisbon.id })).lots[0]!.occupancyByWeekdayHour;
    expect(spring.map((c) => c.hour)).not.toContain(1);
    expect(spring).toHaveLength(23);
  });

  it("names the hour a slot starts at on a 25-hour day, the repeated 01:00 included", async () => {
    const lisbon = await lot({ name: "Repeat", timezone: "Europe/Lisbon", currency: "EUR", capacity: 1 });
    // 01:00–02:00 WET, the second 01:00 of 25 October: 01:00Z to 02:00Z.
    await session(lisbon.id, lisbon.spots[0]!, utc("2026-10-25T01:00:00Z"), utc("2026-10-25T02:00:00Z"));
    const day = dayOf(await report({ from: "2026-10-25", to: "2026-10-25", lotId: lisbon.id }), "2026-10-25");
    expect(day.busiestHour).toEqual({ hour: 1, occupiedSpotHours: 1 });
    expect(day.occupiedSpotHours).toBe(1);
  });

  it("keeps a car still parked up to now, and reports a range with nothing in it as zeros on every day", async () => {
    const lisbon = await lot({ name: "Quiet", timezone: "Europe/Lisbon", currency: "EUR", capacity: 4 });
    const empty = await report({ from: "2025-01-30", to: "2025-02-02", lotId: lisbon.id });
    expect(empty.lots).toHaveLength(1);
    expect(empty.lots[0]!.days.map((d) => d.date)).toEqual(["2025-01-30", "2025-01-31", "2025-02-01", "2025-02-02"]);
    for (const day of empty.lots[0]!.days) {
      expect(day).toMatchObject({
        hours: 24,
        revenue: [{ currency: "EUR", collectedCents: 0, outstandingCents: 0 }],
        sessions: 0,
        endedSessions: 0,
        averageStayMinutes: null,
        reservations: { confirmed: 0, checked_in: 0, completed: 0, cancelled: 0, expired: 0, total: 0 },
        openSpotHours: 96,
        occupiedSpotHours: 0,
        occupancyRate: 0,
        busiestHour: null,
      });
    }
    expect(empty.totals).toMatchObject({
      sessions: 0,
      occupancyRate: 0,
      averageStayMinutes: null,
      revenue: [{ currency: "EUR", collectedCents: 0, outstandingCents: 0 }],
    });

    await api.db.sql.query(`INSERT INTO sessions (lot_id, spot_id, plate, status, started_at) VALUES ($1, $2, $3, 'active', $4)`, [
      lisbon.id,
      lisbon.spots[0],
      `RA${tag}`,
      utc("2025-01-31T20:00:00Z"),
    ]);
    const live = await report({ from: "2025-01-30", to: "2025-02-02", lotId: lisbon.id }, utc("2025-02-01T06:00:00Z"));
    expect(live.lots[0]!.days.map((d) => d.occupiedSpotHours)).toEqual([0, 4, 6, 0]);
    expect(live.lots[0]!.days.map((d) => d.sessions)).toEqual([0, 1, 0, 0]);
    await api.db.sql.query(`UPDATE sessions SET status = 'completed', ended_at = $2 WHERE plate = $1`, [`RA${tag}`, utc("2025-02-01T06:00:00Z")]);
  });

  it("reports every lot without lotId and only that lot with it; an unknown lot is NOT_FOUND", async () => {
    const one = await lot({ name: "Filter A", timezone: "UTC", currency: "EUR", capacity: 1 });
    const two = await lot({ name: "Filter B", timezone: "Asia/Kolkata", currency: "INR", capacity: 1 });
    await session(two.id, two.spots[0]!, utc("2026-02-02T00:00:00Z"), utc("2026-02-02T01:00:00Z"), { amountCents: 5_000, currency: "INR" });
    const all = await report({ from: "2026-02-02", to: "2026-02-03" });
    expect(all.lots.map((l) => l.lotId)).toEqual(expect.arrayContaining([one.id, two.id]));
    expect(all.lots.every((l) => l.days.length === 2)).toBe(true);
    const only = await report({ from: "2026-02-02", to: "2026-02-03", lotId: two.id });
    expect(only.lots.map((l) => l.lotId)).toEqual([two.id]);
    expect(only.lotId).toBe(two.id);
    // Kolkata is UTC+5:30: its day starts at 18:30Z the day before.
    expect(only.lots[0]!.days[0]!.startsAt).toEqual(utc("2026-02-01T18:30:00Z"));
    expect(only.lots[0]!.days[0]!.busiestHour).toEqual({ hour: 5, occupiedSpotHours: 0.5 });
    expect(only.totals.revenue).toEqual([{ currency: "INR", collectedCents: 0, outstandingCents: 5_000 }]);
    expect(await failure(report({ from: "2026-02-02", to: "2026-02-03", lotId: "00000000-0000-4000-8000-000000000000" }))).toBe("NOT_FOUND");
  });

  it.runIf(kind === "postgres")("gives the same report split over several connections on one snapshot", async () => {
    const [one, two] = [
      await lot({ name: "Split A", timezone: "Asia/Kolkata", currency: "INR", capacity: 2 }),
      await lot({ name: "Split B", timezone: "America/New_York", currency: "USD", capacity: 2 }),
    ];
    await session(one.id, one.spots[0]!, utc("2026-05-01T03:00:00Z"), utc("2026-05-01T09:30:00Z"), { amountCents: 900, currency: "INR" });
    const paid = await session(two.id, two.spots[1]!, utc("2026-05-02T01:00:00Z"), utc("2026-05-02T02:00:00Z"), {
      amountCents: 300,
      currency: "USD",
      paymentStatus: "paid",
    });
    await payment(paid, 300, "USD", utc("2026-05-02T02:05:00Z"));
    const input = { from: "2026-04-30", to: "2026-05-03" };
    const single = await reportSummary(api.deps, input, utc("2026-12-01T12:00:00Z"));
    for (const readParallelism of [2, 3]) {
      expect(await reportSummary({ ...api.deps, readParallelism }, input, utc("2026-12-01T12:00:00Z"))).toEqual(single);
    }
    expect(single.lots.map((l) => l.name)).toEqual(expect.arrayContaining([`Split A ${tag}`, `Split B ${tag}`]));
  });

  it("goes through the procedure for admins only, with the range checked by the schema and by the service", async () => {
    const lisbon = await lot({ name: "Access", timezone: "Europe/Lisbon", currency: "EUR", capacity: 1 });
    const input = { from: "2026-03-29", to: "2026-03-29", lotId: lisbon.id };
    const answer = await admin.admin.reports.summary(input);
    expect(answer.lots[0]!.days[0]!.hours).toBe(23);
    expect(answer.lots[0]!.days[0]!.startsAt).toBeInstanceOf(Date);

    expect(await failure(driver.caller.admin.reports.summary(input))).toBe("FORBIDDEN");
    expect(await failure((await api.signUp("attendant")).caller.admin.reports.summary(input))).toBe("FORBIDDEN");
    expect(await failure(api.anonymous.admin.reports.summary(input))).toBe("UNAUTHORIZED");

    const refused = async (from: string, to: string) => failure(admin.admin.reports.summary({ from, to }));
    expect(await refused("2026-03-30", "2026-03-29")).toBe("BAD_REQUEST");
    expect(await refused("2026-02-30", "2026-03-01")).toBe("BAD_REQUEST");
    expect(await refused("2026-3-1", "2026-03-02")).toBe("BAD_REQUEST");
    expect(await refused("2025-01-01", "2026-01-02")).toBe("BAD_REQUEST");
    expect((await admin.admin.reports.summary({ from: "2024-01-01", to: "2024-12-31", lotId: lisbon.id })).lots[0]!.days).toHaveLength(366);

    expect(await failure(report({ from: "2026-03-30", to: "2026-03-29" }))).toBe("INVALID_INPUT");
    expect(await failure(report({ from: "2025-01-01", to: "2026-01-02" }))).toBe("INVALID_INPUT");
    expect(await failure(report({ from: "not a day", to: "2026-01-01" }))).toBe("INVALID_INPUT");
  });

  it("counts a spot retired during a day as open until it was retired", async () => {
    const lisbon = await lot({ name: "Shrunk", timezone: "Europe/Lisbon", currency: "EUR", capacity: 2 });
    await api.db.sql.query(`UPDATE spots SET retired_at = $2 WHERE id = $1`, [lisbon.spots[1], utc("2026-01-15T06:00:00Z")]);
    const days = (await report({ from: "2026-01-14", to: "2026-01-16", lotId: lisbon.id })).lots[0]!.days;
    expect(days.map((d) => d.openSpotHours)).toEqual([48, 30, 24]);
  });
});
