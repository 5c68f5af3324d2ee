// Mail over TLS, to a server whose certificate a private authority signed.
// The operator trusts that authority through SMTP_URL alone: `tls.ca` names it
// (its PEM, percent-encoded), or `tls.rejectUnauthorized=false` gives up
// checking. Without either the certificate is refused before any credential
// is sent, and `requireTLS=true` refuses a server that offers no TLS at all.
import { tmpdir } from "node:os";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMailDelivery, type DeliveryRound } from "../../src/domains/notifications/delivery.ts";
import { enqueue } from "../../src/domains/notifications/enqueue.ts";
import { createMailTransport, messageIdFor } from "../../src/domains/notifications/transport.ts";
import { createTestApi, type TestApi } from "../harness.ts";
import { createTestCertificates } from "./certificates.ts";
import { startSmtpServer, type SmtpServerOptions, type TestSmtpServer } from "./smtp.ts";

const domain = "park.test";

const withQuery = (url: string, query: Record<string, string>) => `${url}?${new URLSearchParams(query).toString()}`;

function withPassword(url: string, password: string): string {
  const parsed = new URL(url);
  parsed.password = password;
  return parsed.toString();
}

describe("mail over TLS", () => {
  let api: TestApi;
  let userId: string;

  beforeAll(async () => {
    api = await createTestApi("pglite");
    userId = (await api.signUp()).id;
  });
  afterAll(() => api?.close());
  beforeEach(async () => {
    await api.db.prisma.outboxMessage.deleteMany();
  });

  /** Enqueues one message and runs one round of delivery to `smtpUrl`, as the server does with SMTP_URL set. */
  async function deliver(smtpUrl: string): Promise<{ id: string; round: DeliveryRound; row: { status: string; attempts: number; lastError: string | null } }> {
    const { id } = await enqueue(api.db.prisma, { kind: "reminder.inactive", userId, recipient: "driver@example.com", payload: { inactiveDays: 7 } });
    const transport = createMailTransport({ smtpUrl, dataDir: tmpdir(), from: "Park <no-reply@park.test>", messageIdDomain: domain });
    try {
      const round = await createMailDelivery({ db: api.db.prisma, transport, maxAttempts: 3, random: () => 0.5 }).runOnce();
      return { id, round, row: await api.db.prisma.outboxMessage.findUniqueOrThrow({ where: { id } }) };
    } finally {
      await transport.close();
    }
  }

  describe.each<[string, SmtpServerOptions]>([
    ["smtps:// (TLS from the first byte)", { secure: true }],
    ["smtp:// with STARTTLS offered", { starttls: true }],
  ])("%s", (_name, options) => {
    let smtp: TestSmtpServer;

    beforeAll(async () => {
      smtp = await startSmtpServer(options);
    });
    afterAll(() => smtp?.close());
    beforeEach(() => {
      smtp.received.length = 0;
      smtp.offered.length = 0;
      smtp.logins.length = 0;
    });

    it("delivers once, authenticated over TLS, to a server whose authority the URL names", async () => {
      expect(smtp.url.startsWith(options.secure ? "smtps://" : "smtp://")).toBe(true);
      const { id, round, row } = await deliver(withQuery(smtp.url, { "tls.ca": smtp.ca! }));
      expect(round).toMatchObject({ claimed: 1, sent: 1 });
      expect(row).toMatchObject({ status: "sent", attempts: 1, lastError: null });
      expect(smtp.offered).toEqual([messageIdFor(id, domain)]);
      expect(smtp.received.map((m) => m.messageId)).toEqual([messageIdFor(id, domain)]);
      expect(smtp.received[0]!.tls).toMatchObject({ version: expect.stringMatching(/^TLSv1\.[23]$/) });
      // Encrypted before the credentials went out; the server takes none in clear.
      expect(smtp.logins).toEqual([{ username: "park", secure: true, accepted: true }]);
    });

    it("delivers over TLS when the URL turns certificate checks off", async () => {
      const { id, round } = await deliver(withQuery(smtp.url, { "tls.rejectUnauthorized": "false" }));
      expect(round).toMatchObject({ claimed: 1, sent: 1 });
      expect(smtp.received.map((m) => m.messageId)).toEqual([messageIdFor(id, domain)]);
      expect(smtp.received[0]!.tls).not.toBe(false);
      expect(smtp.logins).toEqual([{ username: "park", secure: true, accepted: true }]);
    });

    it("refuses a certificate it was not told to trust, before sending credentials, and tries again later", async () => {
      const otherAuthority = (await createTestCertificates()).ca;
      for (const url of [smtp.url, withQuery(smtp.url, { "tls.ca": otherAuthority })]) {
        await api.db.prisma.outboxMessage.deleteMany();
        const { round, row } = await deliver(url);
        expect(round).toMatchObject({ claimed: 1, retried: 1, sent: 0 });
        expect(row).toMatchObject({ status: "pending", attempts: 1 });
        expect(row.lastError).toMatch(/certificate/i);
      }
      expect(smtp.offered).toEqual([]);
      expect(smtp.logins).toEqual([]);
    });

    it("records a wrong password as the message's failure, and tries it again later", async () => {
      const { round, row } = await deliver(withQuery(withPassword(smtp.url, "not-the-password"), { "tls.ca": smtp.ca! }));
      // A 5xx, but to the sign-in: every message would meet it, so none is given up while the setting is put right.
      expect(round).toMatchObject({ claimed: 1, retried: 1, sent: 0 });
      expect(row).toMatchObject({ status: "pending", attempts: 1 });
      expect(row.lastError).toMatch(/535/);
      expect(row.lastError).toMatch(/Invalid credentials/);
      expect(row.lastError).not.toContain("not-the-password");
      expect(smtp.logins).toEqual([{ username: "park", secure: true, accepted: false }]);
      expect(smtp.offered).toEqual([]);
    });
  });

  describe("a server that offers no TLS", () => {
    let smtp: TestSmtpServer;

    beforeAll(async () => {
      smtp = await startSmtpServer();
    });
    afterAll(() => smtp?.close());

    it("gets no credentials when the URL requires TLS", async () => {
      const { round, row } = await deliver(withQuery(smtp.url, { requireTLS: "true" }));
      // The server answers STARTTLS with a 5xx: its setup, not the message, is at fault, so it is tried again later.
      expect(round).toMatchObject({ claimed: 1, retried: 1, sent: 0 });
      expect(row).toMatchObject({ status: "pending", attempts: 1 });
      expect(row.lastError).toMatch(/STARTTLS/);
      expect(smtp.logins).toEqual([]);
      expect(smtp.offered).toEqual([]);
    });
  });
});
