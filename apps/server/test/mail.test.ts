// The server delivers its outbox itself: to the SMTP server SMTP_URL names,
// or without one, as .eml files under DATA_DIR/mail; killed mid-delivery, it
// sends the message again once started on the same data.
import { once } from "node:events";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSmtpServer } from "@park/api/test-smtp";
import { createParkClient, memoryTokenStore } from "@park/sdk";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { register, startServer, type TestServer } from "./helpers.ts";
import { spawnServer, type ServerProcess } from "./processes.ts";

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

describe("a server on the embedded database killed while a message is on the wire", () => {
  test("loses nothing: started again on its data, it sends the message once more, with the same Message-ID", async () => {
    const smtp = await startSmtpServer();
    const dataDir = await mkdtemp(join(tmpdir(), "park-mail-kill-"));
    // A lease of 3 s, so that the message held by the dead process is given up in seconds, not the default 2 minutes.
    const env = {
      SMTP_URL: smtp.url,
      MAIL_LEASE_SECONDS: "3",
      JWT_SECRET: "mail-kill-secret-0123456789abcdefghijkl",
      ADMIN_EMAIL: "admin@mail-kill.test",
      ADMIN_PASSWORD: "mail-kill-admin-1",
    };
    let server: ServerProcess | undefined;
    try {
      server = await spawnServer({ name: "mail-kill-1", env, dataDir });
      await server.ready(90_000);
      const signIn = (url: string) => createParkClient({ url, tokens: null }).auth.login.mutate({ login: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD });
      const admin = createParkClient({ url: server.url, tokens: memoryTokenStore(await signIn(server.url)) });
      const lot = await admin.lots.create.mutate({ name: "Kill Yard", address: "1 Crash Rd", city: "Porto", hourlyRateCents: 200, capacity: 2 });
      const vehicle = await admin.vehicles.create.mutate({ plate: "KILL1" });
      let stalledAt = 0;
      smtp.stall = (_messageId, offeredBefore) => {
        if (offeredBefore > 0) return false;
        stalledAt = Date.now();
        return true;
      };
      const startsAt = new Date(Math.ceil((Date.now() + 3 * hour) / 60_000) * 60_000);
      await admin.reservations.create.mutate({ lotId: lot.id, vehicleId: vehicle.id, startsAt, endsAt: new Date(startsAt.getTime() + hour) });
      await expect.poll(() => stalledAt, { timeout: 20_000 }).toBeGreaterThan(0);
      const [messageId] = smtp.offered;

      server.child.kill("SIGKILL");
      await once(server.child, "exit");
      server = await spawnServer({ name: "mail-kill-2", env, dataDir });
      await server.ready(90_000);
      await smtp.waitFor(1, 30_000);
      expect(smtp.received.map((m) => m.messageId)).toEqual([messageId]);
      expect(smtp.offered).toEqual([messageId, messageId]);
      const again = createParkClient({ url: server.url, tokens: memoryTokenStore(await signIn(server.url)) });
      expect((await again.admin.mail.list.query({})).items).toMatchObject([{ kind: "reservation.confirmed", status: "sent", attempts: 2 }]);
      console.info(`sent again ${Date.now() - stalledAt} ms after the first attempt stalled (lease 3 s)`);
    } finally {
      await server?.stop();
      await smtp.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 150_000);
});
