// Without an SMTP server, each message becomes one RFC 5322 file under
// DATA_DIR/mail: read back here with a mail parser, headers and parts.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMailDelivery } from "../../src/domains/notifications/delivery.ts";
import { enqueue } from "../../src/domains/notifications/enqueue.ts";
import { createMailTransport, type MailTransport } from "../../src/domains/notifications/transport.ts";
import { createTestApi, inHours, type TestApi } from "../harness.ts";

describe(".eml files when no SMTP server is configured", () => {
  let api: TestApi;
  let dataDir: string;
  let transport: MailTransport;
  let email: string;
  let reservationMail: string;
  let exportMail: string;

  beforeAll(async () => {
    api = await createTestApi("pglite");
    dataDir = await mkdtemp(join(tmpdir(), "park-mail-"));
    transport = createMailTransport({ dataDir, from: "Park <no-reply@park.example>", messageIdDomain: "park.example" });
    const admin = (await api.signUp("admin")).caller;
    const driver = await api.signUp();
    email = (await api.db.prisma.user.findUniqueOrThrow({ where: { id: driver.id } })).email;
    const lot = await admin.lots.create({
      name: "Quay",
      address: "2 Harbour St",
      city: "Porto",
      timezone: "Europe/Lisbon",
      currency: "EUR",
      hourlyRateCents: 180,
      capacity: 2,
    });
    const vehicle = await driver.caller.vehicles.create({ plate: "EML1" });
    const reservation = await driver.caller.reservations.create({ lotId: lot.id, vehicleId: vehicle.id, startsAt: inHours(3), endsAt: inHours(5) });
    reservationMail = (await api.db.prisma.outboxMessage.findFirstOrThrow({ where: { payload: { equals: { reservationId: reservation.id } } } })).id;
    exportMail = (
      await enqueue(api.db.prisma, {
        kind: "export.history",
        userId: driver.id,
        recipient: email,
        payload: {},
      })
    ).id;
    expect(await createMailDelivery({ db: api.db.prisma, transport }).runOnce()).toMatchObject({ claimed: 2, sent: 2 });
  });
  afterAll(async () => {
    await transport?.close();
    await api?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const fileOf = async (id: string) => {
    const names = (await readdir(join(dataDir, "mail"))).filter((name) => name.includes(id));
    expect(names).toHaveLength(1);
    return join(dataDir, "mail", names[0]!);
  };

  it("writes one whole file per message, and nothing else", async () => {
    const names = await readdir(join(dataDir, "mail"));
    expect(names.sort()).toEqual([await fileOf(reservationMail), await fileOf(exportMail)].map((path) => path.split("/").at(-1)).sort());
    expect(names.every((name) => /^\d{8}T\d{9}Z-[0-9a-f-]{36}\.eml$/.test(name))).toBe(true);
  });

  it("holds an RFC 5322 message with its headers, a plain-text and an HTML part", async () => {
    const raw = await readFile(await fileOf(reservationMail), "utf8");
    // Lines end in CRLF, as on the wire.
    expect(raw.split("\r\n").length).toBeGreaterThan(10);
    expect(raw.replace(/\r\n/g, "")).not.toContain("\n");
    const parsed = await simpleParser(raw);
    expect(parsed.messageId).toBe(`<${reservationMail}@park.example>`);
    expect(parsed.from?.value).toEqual([{ address: "no-reply@park.example", name: "Park" }]);
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.value[0]?.address : null).toBe(email);
    expect(parsed.subject).toMatch(/^Reservation confirmed: Quay, /);
    expect(parsed.headers.get("auto-submitted")).toBe("auto-generated");
    const row = await api.db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: reservationMail } });
    expect(parsed.date?.getTime()).toBe(Math.floor(row.createdAt.getTime() / 1000) * 1000);
    expect(parsed.text).toMatch(/Price:\s+€3\.60/);
    expect(parsed.html).toContain("<h1");
    expect(parsed.html).toContain("€3.60");
  });

  it("attaches an export's CSV", async () => {
    const parsed = await simpleParser(await readFile(await fileOf(exportMail)));
    const [attachment] = parsed.attachments;
    expect(parsed.attachments).toHaveLength(1);
    expect(attachment!.filename).toMatch(/^park-history-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(attachment!.contentType).toBe("text/csv");
    const lines = attachment!.content.toString("utf8").trim().split("\r\n");
    expect(lines[0]!.startsWith("record,id,lot,")).toBe(true);
    expect(lines.slice(1).map((line) => line.split(",").slice(0, 1).concat(line.split(",")[4]!))).toEqual([["reservation", "EML1"]]);
  });

  it("replaces its file when delivered again", async () => {
    const before = await simpleParser(await readFile(await fileOf(reservationMail)));
    await api.db.prisma.outboxMessage.update({ where: { id: reservationMail }, data: { status: "pending" } });
    expect(await createMailDelivery({ db: api.db.prisma, transport }).runOnce()).toMatchObject({ claimed: 1, sent: 1 });
    const after = await simpleParser(await readFile(await fileOf(reservationMail)));
    expect([after.messageId, after.date, after.subject, after.text, after.html]).toEqual([
      before.messageId,
      before.date,
      before.subject,
      before.text,
      before.html,
    ]);
    expect(await readdir(join(dataDir, "mail"))).toHaveLength(2);
  });
});
