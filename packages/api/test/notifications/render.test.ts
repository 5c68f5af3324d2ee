// Every kind of notification composed from real records: subject, plain text
// and HTML, times on the lot's clock, money in its currency, and nothing in
// the HTML that loads from elsewhere.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { composeMail, UnsendableMail } from "../../src/domains/notifications/compose.ts";
import { enqueue } from "../../src/domains/notifications/enqueue.ts";
import { notificationKinds, type NotificationKind } from "../../src/domains/notifications/kinds.ts";
import { escapeHtml, formatMoney, formatTime, type MailAttachment, type RenderedMail } from "../../src/domains/notifications/render.ts";
import { systemClock } from "../../src/shared/clock.ts";
import { createTestApi, hour, type Caller, type TestApi } from "../harness.ts";

describe("formatting", () => {
  it("writes integer minor units in the currency's own decimals, exactly", () => {
    expect(formatMoney(1250, "USD")).toBe("$12.50");
    expect(formatMoney(5, "EUR")).toBe("€0.05");
    expect(formatMoney(1250, "JPY")).toBe("¥1,250");
    expect(formatMoney(123456789, "BHD")).toBe("BHD\u00a0123,456.789");
    expect(formatMoney(-1999, "GBP")).toBe("-£19.99");
    // Past what a float holds to the cent: still exact.
    expect(formatMoney(900719925474099, "USD")).toBe("$9,007,199,254,740.99");
  });

  it("reads an instant on the clock of the given timezone", () => {
    const at = new Date("2026-12-03T05:00:00Z");
    expect(formatTime(at, "Asia/Tokyo")).toBe("Thu, Dec 3, 2026, 14:00 GMT+9");
    expect(formatTime(at, "America/New_York")).toBe("Thu, Dec 3, 2026, 00:00 EST");
  });
});

async function contentOf(attachment: MailAttachment): Promise<string> {
  if (typeof attachment.content === "string") return attachment.content;
  let text = "";
  for await (const chunk of attachment.content) text += String(chunk);
  return text;
}

describe("composing each kind of message", () => {
  let api: TestApi;
  let admin: Caller;
  let driver: { id: string; caller: Caller };
  let username: string;
  const tokyoName = `Shibuya <Tower> & "Co"`;
  let tokyo: { id: string };
  let lisbon: { id: string };
  let composed: Partial<Record<NotificationKind, RenderedMail>>;

  // Tomorrow 05:00 UTC: 14:00 in Tokyo.
  const day = new Date(Math.ceil(Date.now() / (24 * hour)) * 24 * hour + 24 * hour);
  const startsAt = new Date(day.getTime() + 5 * hour);
  const endsAt = new Date(startsAt.getTime() + 2 * hour);

  const compose = async (kind: NotificationKind, where: Record<string, unknown> = {}) => {
    const row = await api.db.prisma.outboxMessage.findFirstOrThrow({ where: { kind, ...where }, orderBy: { createdAt: "desc" } });
    return composeMail({ db: api.db.prisma, clock: systemClock }, row);
  };

  beforeAll(async () => {
    api = await createTestApi("pglite");
    admin = (await api.signUp("admin")).caller;
    driver = await api.signUp();
    username = (await api.db.prisma.user.findUniqueOrThrow({ where: { id: driver.id } })).username;
    tokyo = await admin.lots.create({
      name: tokyoName,
      address: "1-1 Jinnan",
      city: "Tokyo",
      timezone: "Asia/Tokyo",
      currency: "JPY",
      hourlyRateCents: 400,
      capacity: 3,
    });
    lisbon = await admin.lots.create({
      name: "Baixa",
      address: "Rua Augusta 1",
      city: "Lisbon",
      timezone: "Europe/Lisbon",
      currency: "EUR",
      hourlyRateCents: 250,
      capacity: 3,
    });
    const car = await driver.caller.vehicles.create({ plate: "TK-101" });
    const van = await driver.caller.vehicles.create({ plate: "LX-202", type: "van" });

    const booked = await driver.caller.reservations.create({ lotId: tokyo.id, vehicleId: car.id, startsAt, endsAt });
    const cancelled = await driver.caller.reservations.create({
      lotId: tokyo.id,
      vehicleId: car.id,
      startsAt: new Date(endsAt.getTime() + hour),
      endsAt: new Date(endsAt.getTime() + 2 * hour),
    });
    await driver.caller.reservations.cancel({ id: cancelled.id });
    const spots = await api.db.prisma.spot.findMany({ where: { lotId: tokyo.id }, orderBy: { position: "asc" } });
    await api.db.prisma.$transaction((tx) =>
      enqueue(tx, {
        kind: "reservation.moved",
        userId: driver.id,
        recipient: "driver@example.com",
        payload: { reservationId: booked.id, fromSpotId: spots[2]!.id, toSpotId: booked.spot.id, reason: "occupied" },
      }),
    );

    // Parked 2 h 10 min in Lisbon: three started hours at €2.50.
    const session = await driver.caller.sessions.start({ lotId: lisbon.id, vehicleId: van.id });
    await api.db.prisma.parkingSession.update({ where: { id: session.id }, data: { startedAt: new Date(Date.now() - 130 * 60_000) } });
    await driver.caller.sessions.end({ id: session.id });
    await driver.caller.sessions.pay({ id: session.id, method: "card" });

    const today = new Date().toISOString().slice(0, 10);
    const others: { kind: NotificationKind; payload: Record<string, unknown> }[] = [
      { kind: "reminder.inactive", payload: { inactiveDays: 9 } },
      { kind: "report.daily", payload: { from: today, to: today } },
      { kind: "report.monthly", payload: { from: `${today.slice(0, 8)}01`, to: today } },
      { kind: "report.personal", payload: { from: `${today.slice(0, 8)}01`, to: today, timezone: "Europe/Lisbon" } },
      { kind: "export.history", payload: {} },
      { kind: "export.all", payload: {} },
    ];
    for (const message of others) {
      await enqueue(api.db.prisma, { kind: message.kind, userId: driver.id, recipient: "driver@example.com", payload: message.payload as never });
    }
    composed = {};
    for (const kind of notificationKinds) composed[kind] = await compose(kind);
    // Two confirmations were sent: the one of the booking that stands.
    composed["reservation.confirmed"] = await compose("reservation.confirmed", { payload: { equals: { reservationId: booked.id } } });
  });
  afterAll(() => api.close());

  it("gives every kind a subject, a plain-text and an HTML part that greet the driver", () => {
    for (const kind of notificationKinds) {
      const mail = composed[kind]!;
      expect(mail.subject.length, kind).toBeGreaterThan(5);
      expect(mail.text, kind).toContain(`Hello ${username},`);
      expect(mail.html, kind).toContain(`Hello ${escapeHtml(username)},`);
      expect(mail.html.startsWith("<!doctype html>"), kind).toBe(true);
    }
  });

  it("loads nothing from elsewhere and tracks nothing", () => {
    for (const kind of notificationKinds) {
      const html = composed[kind]!.html;
      expect(html, kind).not.toMatch(/<img|<link|<script|<iframe|url\(|src=|href=|https?:\/\//i);
    }
  });

  it("writes a reservation's times on the lot's clock and its price in the lot's currency", () => {
    const mail = composed["reservation.confirmed"]!;
    expect(mail.subject).toBe(`Reservation confirmed: ${tokyoName}, ${formatTime(startsAt, "Asia/Tokyo")}`);
    expect(mail.text).toMatch(/From:\s+\w{3}, \w{3} \d{1,2}, \d{4}, 14:00 GMT\+9/);
    expect(mail.text).toMatch(/Until:\s+\w{3}, \w{3} \d{1,2}, \d{4}, 16:00 GMT\+9/);
    expect(mail.text).toMatch(/Price:\s+¥800\n/);
    expect(mail.text).toContain("TK101");
    // The lot's name is text in HTML, never markup.
    expect(mail.html).toContain("Shibuya &lt;Tower&gt; &amp; &quot;Co&quot;");
    expect(mail.html).not.toContain("<Tower>");
    expect(composed["reservation.cancelled"]!.subject).toMatch(/^Reservation cancelled: .*, 17:00 GMT\+9$/);
  });

  it("names the old and the new spot of a moved reservation", async () => {
    const mail = composed["reservation.moved"]!;
    const spots = await api.db.prisma.spot.findMany({ where: { lotId: tokyo.id }, orderBy: { position: "asc" } });
    expect(mail.subject).toBe(`Your reservation at ${tokyoName} moved to spot ${spots[0]!.label}`);
    expect(mail.text).toContain(`Your reserved spot ${spots[2]!.label} cannot be used because the car on it has not left in time`);
  });

  it("prices a receipt in euros on Lisbon's clock", () => {
    const mail = composed["session.receipt"]!;
    expect(mail.subject).toBe("Receipt: Baixa, €7.50");
    expect(mail.text).toMatch(/Stay:\s+2 h 10 min/);
    expect(mail.text).toMatch(/Payment:\s+Paid by card/);
    expect(mail.text).toMatch(/Arrived:\s+\w{3}, \w{3} \d{1,2}, \d{4}, \d\d:\d\d GMT/);
  });

  it("adds up reports per currency, never across them", () => {
    const daily = composed["report.daily"]!;
    expect(daily.subject).toMatch(/^Park daily report: /);
    expect(daily.text).toMatch(/Collected:\s+€7\.50, ¥0/);
    expect(daily.text).toContain(`${tokyoName} (Asia/Tokyo)`);
    expect(daily.html).toContain("<caption");
    expect(composed["report.monthly"]!.subject).toMatch(/^Park monthly report: /);
    const personal = composed["report.personal"]!;
    expect(personal.text).toMatch(/Paid:\s+€7\.50/);
    expect(personal.text).toMatch(/Stays:\s+1\n/);
  });

  it("attaches the driver's history, made when the mail is composed, and the back office's tables", async () => {
    const mail = composed["export.history"]!;
    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      [expect.stringMatching(/^park-history-\d{4}-\d{2}-\d{2}\.csv$/), "text/csv; charset=utf-8"],
    ]);
    const lines = (await contentOf(mail.attachments[0]!)).trim().split("\r\n");
    // The header, then the driver's own reservations and sessions, made before the mail was composed.
    expect(lines[0]!.startsWith("record,id,lot,")).toBe(true);
    expect(lines.slice(1).map((line) => line.split(",")[0])).toEqual(expect.arrayContaining(["reservation", "session"]));
    expect(mail.text).toContain(mail.attachments[0]!.filename);
    const all = composed["export.all"]!;
    expect(all.attachments.map((a) => a.filename.replace(/-\d{4}-\d{2}-\d{2}\.csv$/, ""))).toEqual([
      "park-users",
      "park-lots",
      "park-reservations",
      "park-sessions",
    ]);
    const [users, lots, reservations, sessions] = await Promise.all(all.attachments.map(contentOf));
    expect(users!.split("\r\n")[0]).toBe("id,username,email,phone,role,disabled,created (UTC)");
    expect(users).toContain(`,${username},`);
    expect(lots).toContain(tokyo.id);
    expect(reservations!.split("\r\n").length).toBeGreaterThan(2);
    expect(sessions!.split("\r\n")[0]).toMatch(/^id,user id,lot id,/);
  });

  it("refuses for good a message whose records are gone or whose payload does not fit its kind", async () => {
    const entry = { id: "x", userId: null, recipient: "a@example.com" };
    await expect(
      composeMail(
        { db: api.db.prisma, clock: systemClock },
        { ...entry, kind: "reservation.confirmed", payload: { reservationId: "0b6c0d9e-0000-4000-8000-000000000000" } },
      ),
    ).rejects.toBeInstanceOf(UnsendableMail);
    await expect(
      composeMail({ db: api.db.prisma, clock: systemClock }, { ...entry, kind: "reservation.confirmed", payload: { reservation: 1 } }),
    ).rejects.toBeInstanceOf(UnsendableMail);
    await expect(composeMail({ db: api.db.prisma, clock: systemClock }, { ...entry, kind: "newsletter", payload: {} })).rejects.toBeInstanceOf(UnsendableMail);
  });

  it("refuses at enqueue time a payload that does not fit its kind", async () => {
    await expect(
      enqueue(api.db.prisma, { kind: "session.receipt", userId: null, recipient: "a@example.com", payload: { sessionId: "nope" } }),
    ).rejects.toThrow();
  });
});
