// The outbox delivered through a real SMTP server: retried with backoff when
// the server says "later", dead after the last attempt or a refusal for good,
// back in line when an admin retries it, sent again with the same Message-ID
// when a process dies holding it, and shared by several processes without a
// message going out twice.
import { TRPCError } from "@trpc/server";
import { openDatabase } from "@park/db";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { composeMail } from "../../src/domains/notifications/compose.ts";
import { claimDue, createMailDelivery, type MailDeliveryOptions } from "../../src/domains/notifications/delivery.ts";
import { enqueue } from "../../src/domains/notifications/enqueue.ts";
import { messageIdFor, smtpTransport, type MailTransport } from "../../src/domains/notifications/transport.ts";
import { createTestApi, databases, inHours, type Caller, type TestApi } from "../harness.ts";
import { startSmtpServer, type TestSmtpServer } from "./smtp.ts";

const from = "Park <no-reply@park.test>";
const domain = "park.test";
const minute = 60_000;

async function failure(call: Promise<unknown>): Promise<{ code: string; appCode: string | undefined }> {
  const error = await call.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return { code: (error as TRPCError).code, appCode: ((error as TRPCError).cause as { code?: string } | undefined)?.code };
}

describe.each(databases)("mail delivery on %s", (kind) => {
  let api: TestApi;
  let smtp: TestSmtpServer;
  let transport: MailTransport;
  let admin: { id: string; caller: Caller };
  let driver: { id: string; caller: Caller };
  let lotId: string;
  let plates = 0;
  // Delivery runs on a clock the tests move, so backoff delays pass at once.
  let offset = 0;
  const clock = { now: () => new Date(Date.now() + offset) };

  const delivery = (options: Partial<MailDeliveryOptions> = {}) =>
    createMailDelivery({ db: api.db.prisma, transport, clock, backoff: { baseMs: minute, maxMs: 10 * minute }, maxAttempts: 3, random: () => 0.5, ...options });

  /** A booking, and so a confirmation in the outbox; returns the confirmation's row id. */
  async function book(): Promise<string> {
    const vehicleId = (await driver.caller.vehicles.create({ plate: `ML${kind.slice(0, 2)}${plates++}`.toUpperCase() })).id;
    const reservation = await driver.caller.reservations.create({ lotId, vehicleId, startsAt: inHours(24 + plates * 2), endsAt: inHours(25 + plates * 2) });
    return (await api.db.prisma.outboxMessage.findFirstOrThrow({ where: { payload: { equals: { reservationId: reservation.id } } } })).id;
  }

  const row = (id: string) => api.db.prisma.outboxMessage.findUniqueOrThrow({ where: { id } });

  beforeAll(async () => {
    [api, smtp] = await Promise.all([createTestApi(kind), startSmtpServer()]);
    transport = smtpTransport(smtp.url, { from, messageIdDomain: domain });
    admin = await api.signUp("admin");
    driver = await api.signUp();
    lotId = (await admin.caller.lots.create({ name: "Mail Lot", address: "1 Post Road", city: "Letterton", hourlyRateCents: 300, capacity: 50 })).id;
  });
  afterAll(async () => {
    await transport?.close();
    await smtp?.close();
    await api?.close();
  });
  beforeEach(async () => {
    // Each test sees only its own messages.
    await api.db.prisma.outboxMessage.deleteMany();
    smtp.received.length = 0;
    smtp.offered.length = 0;
    smtp.refuse = () => null;
  });

  it("sends mail as soon as the database says it was queued or retried, not at the idle loop's next look", async () => {
    // A loop that would look again only after a minute: anything sent sooner was woken by the database.
    const mail = delivery({ pollMs: minute });
    let listening!: () => void;
    const heard = new Promise<void>((resolve) => (listening = resolve));
    const listener = api.db.queuedMail.listen({
      queued: () => mail.wake(),
      listening: () => listening(),
      interrupted: (error) => {
        throw error;
      },
    });
    try {
      await heard;
      mail.start();
      // The loop has looked once, found nothing, and is waiting out its minute.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const queuedAt = Date.now();
      const id = await book();
      await smtp.waitFor(1, 10_000);
      expect(smtp.received.map((m) => m.messageId)).toEqual([messageIdFor(id, domain)]);
      const confirmedIn = Date.now() - queuedAt;

      await api.db.prisma.outboxMessage.update({ where: { id }, data: { status: "dead", lastError: "given up" } });
      const retriedAt = Date.now();
      await admin.caller.admin.mail.retry({ id });
      await smtp.waitFor(2, 10_000);
      expect(smtp.received.map((m) => m.messageId)).toEqual([messageIdFor(id, domain), messageIdFor(id, domain)]);
      console.log(`${kind}: queued mail sent ${confirmedIn} ms after the booking began, a retried one ${Date.now() - retriedAt} ms after the retry`);
    } finally {
      await mail.stop();
      await listener.close();
    }
  });

  it("retries a message the server defers, with growing delays, and it arrives once", async () => {
    const id = await book();
    smtp.refuse = (_id, before) => (before < 2 ? 451 : null);
    const mail = delivery({ maxAttempts: 4 });

    expect(await mail.runOnce()).toMatchObject({ claimed: 1, retried: 1 });
    const first = await row(id);
    expect(first).toMatchObject({ status: "pending", attempts: 1, lockedUntil: null });
    expect(first.lastError).toMatch(/451/);
    // Half fixed, half jitter: 0.5 of the way between 30 s and 60 s.
    expect(first.runAt.getTime() - clock.now().getTime()).toBeGreaterThan(44_000);
    expect(first.runAt.getTime() - clock.now().getTime()).toBeLessThanOrEqual(45_100);
    expect(await mail.runOnce()).toMatchObject({ claimed: 0 });

    offset += minute;
    expect(await mail.runOnce()).toMatchObject({ claimed: 1, retried: 1 });
    const second = await row(id);
    expect(second.runAt.getTime() - clock.now().getTime()).toBeGreaterThan(89_000);

    offset += 2 * minute;
    expect(await mail.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
    expect(await row(id)).toMatchObject({ status: "sent", attempts: 3, lockedUntil: null });

    expect(smtp.offered).toEqual([messageIdFor(id, domain), messageIdFor(id, domain), messageIdFor(id, domain)]);
    expect(smtp.received).toHaveLength(1);
    const [received] = smtp.received;
    const email = (await api.db.prisma.user.findUniqueOrThrow({ where: { id: driver.id } })).email;
    expect(received!.to).toEqual([email]);
    expect(received!.parsed.subject).toMatch(/^Reservation confirmed: Mail Lot, /);
    expect(received!.parsed.from?.text).toBe('"Park" <no-reply@park.test>');
    expect(received!.parsed.text).toContain("Spot ");
    expect(received!.parsed.html).toContain("Your reservation is confirmed");
  });

  it("spreads the retries of messages that failed together by its random source", async () => {
    const reminder = (n: number) =>
      enqueue(api.db.prisma, { kind: "reminder.inactive", userId: driver.id, recipient: `jitter${n}@example.com`, payload: { inactiveDays: 7 } });
    const ids = (await Promise.all([reminder(1), reminder(2)])).map((m) => m.id);
    smtp.refuse = () => 451;
    // The lowest and nearly the highest value: the delays are 30 s and just under 60 s, whichever fails first.
    const values = [0, 0.999];
    const before = clock.now().getTime();
    expect(await delivery({ random: () => values.shift()! }).runOnce()).toMatchObject({ claimed: 2, retried: 2 });
    const elapsed = clock.now().getTime() - before;
    expect(values).toEqual([]);
    const delays = (await api.db.prisma.outboxMessage.findMany({ where: { id: { in: ids } } })).map((r) => r.runAt.getTime() - before).sort((a, b) => a - b);
    expect(delays[0]).toBeGreaterThanOrEqual(30_000);
    expect(delays[0]).toBeLessThanOrEqual(30_000 + elapsed);
    expect(delays[1]).toBeGreaterThanOrEqual(59_970);
    expect(delays[1]).toBeLessThanOrEqual(59_970 + elapsed);
  });

  it("makes a message dead after its last attempt, and an admin's retry delivers it", async () => {
    const id = await book();
    smtp.refuse = () => 421;
    const mail = delivery();
    for (let attempt = 1; attempt <= 3; attempt++) {
      await mail.runOnce();
      offset += 10 * minute;
    }
    expect(await row(id)).toMatchObject({ status: "dead", attempts: 3, lockedUntil: null });
    expect(await mail.runOnce()).toMatchObject({ claimed: 0 });

    const listed = await admin.caller.admin.mail.list({ status: "dead" });
    expect(listed.items.map((m) => m.id)).toEqual([id]);
    expect(listed.items[0]).toMatchObject({ kind: "reservation.confirmed", status: "dead", attempts: 3, sentAt: null });
    expect(listed.items[0]!.lastError).toMatch(/421/);
    expect((await admin.caller.admin.mail.list({ status: "pending" })).items).toEqual([]);
    expect(await failure(driver.caller.admin.mail.retry({ id }))).toMatchObject({ code: "FORBIDDEN" });

    const retried = await admin.caller.admin.mail.retry({ id });
    expect(retried).toMatchObject({ id, status: "pending", attempts: 0 });
    const audit = await api.db.prisma.auditLog.findMany({ where: { action: "mail.retry", targetId: id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorId: admin.id,
      targetType: "mail",
      details: { before: { status: "dead", attempts: 3 }, after: { status: "pending" } },
    });
    expect(await failure(admin.caller.admin.mail.retry({ id }))).toEqual({ code: "CONFLICT", appCode: "MAIL_NOT_DEAD" });

    smtp.refuse = () => null;
    expect(await mail.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
    expect(await row(id)).toMatchObject({ status: "sent", attempts: 1 });
    expect(smtp.received.map((m) => m.messageId)).toEqual([messageIdFor(id, domain)]);
    expect(await failure(admin.caller.admin.mail.retry({ id }))).toEqual({ code: "CONFLICT", appCode: "MAIL_NOT_DEAD" });
    expect(await failure(admin.caller.admin.mail.retry({ id: "00000000-0000-4000-8000-000000000000" }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await api.db.prisma.auditLog.count({ where: { action: "mail.retry", targetId: id } })).toBe(1);
  });

  it("makes a message the server refuses for good dead at once", async () => {
    const id = await book();
    smtp.refuse = () => 550;
    expect(await delivery({ maxAttempts: 8 }).runOnce()).toMatchObject({ claimed: 1, dead: 1 });
    const dead = await row(id);
    expect(dead).toMatchObject({ status: "dead", attempts: 1 });
    expect(dead.lastError).toMatch(/550/);
  });

  it("sends a message again, with the same Message-ID, when the process holding it dies", async () => {
    const id = await book();
    // A process claims it, sends it, and dies before recording that it did.
    const [claimed] = await claimDue(api.db.prisma, { now: clock.now(), leaseMs: 30_000, limit: 10 });
    expect(claimed!.id).toBe(id);
    const composed = await composeMail({ db: api.db.prisma, clock }, claimed!);
    await transport.send({ ...composed, id, to: claimed!.recipient, createdAt: claimed!.createdAt });

    const mail = delivery();
    expect(await mail.runOnce(), "the lease still holds").toMatchObject({ claimed: 0 });
    offset += 31_000;
    expect(await mail.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
    expect(await row(id)).toMatchObject({ status: "sent", attempts: 2 });
    expect(smtp.received.map((m) => m.messageId)).toEqual([messageIdFor(id, domain), messageIdFor(id, domain)]);
    // Both copies are the same message: a client or server that has one drops the other.
    expect(smtp.received[1]!.parsed.date).toEqual(smtp.received[0]!.parsed.date);
    expect(smtp.received[1]!.parsed.text).toBe(smtp.received[0]!.parsed.text);

    // The dead process's claim is fenced off: its late writes change nothing.
    const late = await api.db.prisma.outboxMessage.updateMany({ where: { id, status: "pending", attempts: 1 }, data: { status: "dead" } });
    expect(late.count).toBe(0);
  });

  it("finishes the messages in hand when stopped and hands the rest back", async () => {
    const ids = [await book(), await book(), await book(), await book(), await book()];
    let letGo!: () => void;
    const held = new Promise<void>((resolve) => (letGo = resolve));
    const original = smtp.refuse;
    let offered = 0;
    smtp.refuse = () => {
      offered++;
      return null;
    };
    // Slow the server's answer down until the test lets it go.
    const slow: MailTransport = {
      description: "slow",
      send: async (message) => {
        await held;
        await transport.send(message);
      },
      close: async () => {},
    };
    // Two in hand at once, three waiting behind them.
    const mail = delivery({ transport: slow, batchSize: 10, pollMs: 10, concurrency: 2 });
    mail.start();
    await expect.poll(async () => await api.db.prisma.outboxMessage.count({ where: { lockedUntil: { not: null } } })).toBe(5);
    const stopped = mail.stop();
    letGo();
    await stopped;
    smtp.refuse = original;

    const rows = await api.db.prisma.outboxMessage.findMany({ where: { id: { in: ids } } });
    expect(offered).toBe(2);
    expect(rows.filter((r) => r.status === "sent")).toHaveLength(2);
    const handedBack = rows.filter((r) => r.status === "pending");
    expect(handedBack).toHaveLength(3);
    for (const r of handedBack) expect(r).toMatchObject({ attempts: 0, lockedUntil: null });
  });

  it.runIf(kind === "postgres")("shares the outbox between two processes without sending a message twice", async () => {
    const count = 60;
    for (let n = 0; n < count; n++)
      await enqueue(api.db.prisma, { kind: "reminder.inactive", userId: driver.id, recipient: `n${n}@example.com`, payload: { inactiveDays: 7 } });
    // A second process: its own connections to the same database.
    const other = await openDatabase({ url: api.db.url!, poolSize: 4 });
    try {
      const loops = [delivery({ batchSize: 4 }), createMailDelivery({ db: other.prisma, transport, clock, batchSize: 4 })];
      const rounds = await Promise.all(
        loops.map(async (loop) => {
          let sent = 0;
          for (;;) {
            const round = await loop.runOnce();
            sent += round.sent;
            if (round.claimed === 0) return sent;
          }
        }),
      );
      const ids = smtp.received.map((m) => m.messageId);
      expect(ids).toHaveLength(count);
      expect(new Set(ids).size).toBe(count);
      expect(rounds[0]! + rounds[1]!).toBe(count);
      console.info(`two processes sent ${rounds.join(" and ")} of ${count}`);
      expect(await api.db.prisma.outboxMessage.groupBy({ by: ["status", "attempts"], _count: true })).toEqual([{ status: "sent", attempts: 1, _count: count }]);
    } finally {
      await other.close();
    }
  });
});
