// exports.history: the caller's own reservations and sessions as CSV that a
// spreadsheet opens safely, read from the database a page at a time.
import { randomUUID } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Transform, type Readable } from "node:stream";
import { parse } from "csv-parse/sync";
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { historyColumns } from "../../src/domains/exports/service.ts";
import { historyCsvStream } from "../../src/domains/exports/service.ts";
import { composeMail } from "../../src/domains/notifications/compose.ts";
import { createMailTransport } from "../../src/domains/notifications/transport.ts";
import { systemClock } from "../../src/shared/clock.ts";
import { createTestApi, databases, inHours, type Caller, type TestApi } from "../harness.ts";

describe.each(databases)("exports.history on %s", (kind) => {
  let api: TestApi;
  let queries = 0;
  let admin: Caller;
  const tag = Date.now().toString(36).slice(-5).toUpperCase();

  beforeAll(async () => {
    api = await createTestApi(kind, { onQuery: () => queries++ });
    admin = (await api.signUp("admin")).caller;
  });
  afterAll(() => api.close());

  const lot = (name: string, currency = "EUR") =>
    admin.lots.create({
      name: `${name} ${tag}`,
      address: "1 Export Row",
      city: "Csvtown",
      timezone: "Europe/Lisbon",
      currency,
      hourlyRateCents: 250,
      capacity: 3,
    });

  it("lists the caller's reservations and sessions, and no one else's, with local times and exact amounts", async () => {
    const driver = await api.signUp();
    const other = await api.signUp();
    const shop = await lot("Plain");
    const car = await driver.caller.vehicles.create({ plate: `EX${tag}` });
    const booked = await driver.caller.reservations.create({ lotId: shop.id, vehicleId: car.id, startsAt: inHours(26), endsAt: inHours(28) });
    const parked = await driver.caller.sessions.start({ lotId: shop.id, vehicleId: car.id });
    await api.db.prisma.parkingSession.update({ where: { id: parked.id }, data: { startedAt: new Date(Date.now() - 2.5 * 3_600_000) } });
    const ended = await driver.caller.sessions.end({ id: parked.id });
    const otherCar = await other.caller.vehicles.create({ plate: `OT${tag}` });
    await other.caller.sessions.start({ lotId: shop.id, vehicleId: otherCar.id });

    const { filename, csv } = await driver.caller.exports.history({});
    expect(filename).toMatch(/^park-history-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(csv.endsWith("\r\n")).toBe(true);
    const rows = parse(csv, { columns: true }) as Record<(typeof historyColumns)[number], string>[];
    expect(rows.map((row) => [row.record, row.id])).toEqual([
      ["reservation", booked.id],
      ["session", parked.id],
    ]);
    const lisbon = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Lisbon", dateStyle: "short", timeStyle: "short" });
    expect(rows[0]).toMatchObject({
      lot: `Plain ${tag}`,
      timezone: "Europe/Lisbon",
      plate: `EX${tag}`,
      "start (local)": lisbon.format(booked.startsAt),
      "start (UTC)": booked.startsAt.toISOString(),
      status: "confirmed",
      amount: (booked.amountCents / 100).toFixed(2),
      currency: "EUR",
      payment: "",
    });
    expect(rows[1]).toMatchObject({
      status: "completed",
      amount: (ended.amountCents! / 100).toFixed(2),
      payment: "unpaid",
      "end (UTC)": ended.endedAt!.toISOString(),
    });
  });

  it("with email, also queues the history to the caller's address, once per request", async () => {
    const driver = await api.signUp();
    const { email } = await api.db.prisma.user.findUniqueOrThrow({ where: { id: driver.id } });
    await driver.caller.exports.history({});
    expect(await api.db.prisma.outboxMessage.count({ where: { userId: driver.id, kind: "export.history" } })).toBe(0);
    await driver.caller.exports.history({ email: true });
    const queued = await api.db.prisma.outboxMessage.findMany({ where: { userId: driver.id, kind: "export.history" } });
    expect(queued.map((m) => [m.recipient, m.status, m.payload])).toEqual([[email, "pending", {}]]);
  });

  it("escapes what a spreadsheet would run as a formula, and quotes commas, quotes and line breaks", async () => {
    const driver = await api.signUp();
    const trap = await admin.lots.create({
      name: `=HYPERLINK("http://evil.example","Click"), "Quoted" ${tag}`,
      address: "2 Formula Way",
      city: "Csvtown",
      hourlyRateCents: 100,
      capacity: 1,
    });
    const car = await driver.caller.vehicles.create({ plate: `FX${tag}` });
    await driver.caller.sessions.start({ lotId: trap.id, vehicleId: car.id });
    const { csv } = await driver.caller.exports.history({});
    // The cell is quoted (it holds commas and quotes) and starts with an apostrophe, which spreadsheets show as text.
    expect(csv).toContain(`,"'=HYPERLINK(""http://evil.example"",""Click""), ""Quoted"" ${tag}",`);
    const [row] = parse(csv, { columns: true }) as Record<string, string>[];
    expect(row!.lot).toBe(`'=HYPERLINK("http://evil.example","Click"), "Quoted" ${tag}`);
  });

  it("reads a long history a page at a time, as the stream is consumed, and mails it the same way", async () => {
    const driver = await api.signUp();
    const big = await lot("Long");
    // Enough pages to show the reading follows the consuming; the 100,000-row figure is measured outside the suite.
    const count = kind === "postgres" ? 10_000 : 5_000;
    const [spot] = (await api.anonymous.spots.list({ lotId: big.id })).items;
    await api.db.sql.query(
      `INSERT INTO sessions (lot_id, spot_id, user_id, plate, status, started_at, ended_at, amount_cents, currency, payment_status)
       SELECT $1, $2, $3, 'LONG' || i, 'completed', now() - interval '20 years' + i * interval '1 hour', now() - interval '20 years' + i * interval '1 hour' + interval '30 minutes',
              250, 'EUR', 'paid'
       FROM generate_series(1, $4::int) i`,
      [big.id, spot!.id, driver.id, count],
    );

    queries = 0;
    const stream = historyCsvStream(api.deps, driver.id);
    let lines = 0;
    let firstChunkQueries = -1;
    let heapBefore = process.memoryUsage().heapUsed;
    let heapPeak = 0;
    for await (const chunk of stream) {
      if (firstChunkQueries < 0) {
        firstChunkQueries = queries;
        heapBefore = process.memoryUsage().heapUsed;
      }
      lines += String(chunk).split("\r\n").length - 1;
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed - heapBefore);
    }
    expect(lines).toBe(count + 1);
    // The first rows went out after at most the reservations' page and the first sessions' page were read.
    expect(firstChunkQueries).toBeLessThanOrEqual(2);
    expect(queries).toBe(1 + Math.ceil((count + 1) / 1_000));
    console.log(`${kind}: ${count} rows streamed, heap grew by at most ${(heapPeak / 1_048_576).toFixed(1)} MB`);

    // Mailed, the same history goes out as it is read: when its last row has been made into CSV, most of the
    // message is already in its file. A message composed whole before writing would have no file yet.
    const dataDir = await mkdtemp(join(tmpdir(), "park-export-mail-"));
    const transport = createMailTransport({ dataDir });
    try {
      const entry = { id: randomUUID(), kind: "export.history", userId: driver.id, recipient: "long@example.com", payload: {} };
      const mail = await composeMail({ db: api.db.prisma, clock: systemClock }, entry);
      let csvBytes = 0;
      let writtenAtEnd = -1;
      const watched = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          csvBytes += chunk.length;
          done(null, chunk);
        },
        flush(done) {
          const mailDir = join(dataDir, "mail");
          writtenAtEnd = readdirSync(mailDir).reduce((sum, name) => sum + statSync(join(mailDir, name)).size, 0);
          done();
        },
      });
      const [attachment] = mail.attachments;
      (attachment!.content as Readable).pipe(watched);
      await transport.send({ ...mail, attachments: [{ ...attachment!, content: watched }], id: entry.id, to: entry.recipient, createdAt: new Date() });
      const [file] = await readdir(join(dataDir, "mail"));
      const parsed = await simpleParser(await readFile(join(dataDir, "mail", file!)));
      expect(parsed.attachments[0]!.content.toString("utf8").split("\r\n")).toHaveLength(count + 2);
      expect(writtenAtEnd, `${writtenAtEnd} bytes written of a ${csvBytes}-byte CSV when its last row was made`).toBeGreaterThan(csvBytes / 2);
    } finally {
      await transport.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
