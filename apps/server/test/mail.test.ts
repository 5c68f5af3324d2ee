// The server delivers its outbox itself: to the SMTP server SMTP_URL names,
// or without one, as .eml files under DATA_DIR/mail.
import { once } from "node:events";
import { readdir, readFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { register, startServer, type TestServer } from "./helpers.ts";

const hour = 3_600_000;

async function bookAndCancel(server: TestServer) {
  const admin = await register(server, "admin", "mailadm");
  const driver = await register(server, "user", "maildrv");
  const lot = await admin.client.lots.create.mutate({
    name: "Depot",
    address: "9 Mill Lane",
    city: "Leeds",
    timezone: "Europe/London",
    hourlyRateCents: 250,
    capacity: 2,
  });
  const vehicle = await driver.client.vehicles.create.mutate({ plate: "MAIL1" });
  const startsAt = new Date(Math.ceil((Date.now() + 4 * hour) / 60_000) * 60_000);
  const reservation = await driver.client.reservations.create.mutate({
    lotId: lot.id,
    vehicleId: vehicle.id,
    startsAt,
    endsAt: new Date(startsAt.getTime() + hour),
  });
  await driver.client.reservations.cancel.mutate({ id: reservation.id });
  const rows = await server.prisma.outboxMessage.findMany({ orderBy: { createdAt: "asc" } });
  expect(rows.map((r) => r.kind)).toEqual(["reservation.confirmed", "reservation.cancelled"]);
  return { driver, rows };
}

describe("without SMTP_URL", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer("pglite");
  });
  afterAll(() => server?.stop());

  test("each message becomes an .eml file under DATA_DIR/mail", async () => {
    const { driver, rows } = await bookAndCancel(server);
    const dir = join(server.env.DATA_DIR, "mail");
    // A message being written is a hidden temporary file until it is renamed into place.
    const messages = async () => (await readdir(dir).catch(() => [])).filter((name) => name.endsWith(".eml") && !name.startsWith("."));
    await expect.poll(messages, { timeout: 10_000 }).toHaveLength(2);
    const parsed = await Promise.all((await messages()).map(async (name) => simpleParser(await readFile(join(dir, name)))));
    // One file per outbox row, named by its Message-ID; files of the same millisecond may list in either order.
    const byMessageId = new Map(parsed.map((m) => [m.messageId, m]));
    expect([...byMessageId.keys()].sort()).toEqual(rows.map((r) => `<${r.id}@park.local>`).sort());
    expect(rows.map((r) => byMessageId.get(`<${r.id}@park.local>`)?.subject?.split(":")[0])).toEqual(["Reservation confirmed", "Reservation cancelled"]);
    expect(parsed.every((m) => m.to && !Array.isArray(m.to) && m.to.value[0]?.address === driver.email)).toBe(true);
    await expect.poll(async () => (await server.prisma.outboxMessage.findMany()).map((r) => r.status)).toEqual(["sent", "sent"]);
  });
});

describe("with SMTP_URL", () => {
  let server: TestServer;
  let smtp: SMTPServer;
  const received: ParsedMail[] = [];

  beforeAll(async () => {
    smtp = new SMTPServer({
      logger: false,
      disabledCommands: ["STARTTLS"],
      allowInsecureAuth: true,
      onAuth: (auth, _session, callback) =>
        auth.username === "relay" && auth.password === "relay-pass" ? callback(null, { user: "relay" }) : callback(new Error("Invalid credentials")),
      onData: (stream, _session, callback) => {
        simpleParser(stream).then(
          (mail) => {
            received.push(mail);
            callback();
          },
          (error: Error) => callback(error),
        );
      },
    });
    smtp.listen(0, "127.0.0.1");
    await once(smtp.server, "listening");
    const { port } = smtp.server.address() as AddressInfo;
    server = await startServer("pglite", { SMTP_URL: `smtp://relay:relay-pass@127.0.0.1:${port}`, MAIL_FROM: "Depot Parking <tickets@depot.example>" });
  });
  afterAll(async () => {
    await server?.stop();
    await new Promise<void>((resolve) => smtp?.close(() => resolve()));
  });

  test("messages go through the SMTP server, from MAIL_FROM, with ids in its domain", async () => {
    const { rows } = await bookAndCancel(server);
    await expect.poll(() => received.length, { timeout: 10_000 }).toBe(2);
    expect(received.map((m) => m.messageId).sort()).toEqual(rows.map((r) => `<${r.id}@depot.example>`).sort());
    expect(received.every((m) => m.from?.text === '"Depot Parking" <tickets@depot.example>')).toBe(true);
    expect(received.every((m) => typeof m.html === "string" && m.text !== undefined)).toBe(true);
    await expect.poll(async () => (await server.prisma.outboxMessage.findMany()).map((r) => r.status)).toEqual(["sent", "sent"]);
    expect(await readdir(join(server.env.DATA_DIR, "mail")).catch(() => [])).toEqual([]);
  });
});
