// A real SMTP server on a loopback port, for delivery tests: it asks for the
// credentials in the URL, keeps every message it accepts (raw and parsed),
// and can refuse messages on demand with the reply a busy server gives, or
// leave a message unanswered, as a server that hangs does. It speaks plain
// SMTP unless asked for TLS, from the first byte (`secure`) or after STARTTLS,
// with a certificate from an authority made for it alone.
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import type { CipherNameAndProtocol } from "node:tls";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { createTestCertificates } from "./certificates.ts";

export interface ReceivedMail {
  raw: string;
  parsed: ParsedMail;
  messageId: string;
  to: string[];
  /** The cipher of the connection it came over, false for a cleartext one. */
  tls: CipherNameAndProtocol | false;
}

export interface SmtpServerOptions {
  /** TLS from the first byte: the URL is `smtps://`. */
  secure?: boolean;
  /** Offers STARTTLS, and takes credentials only once the client has upgraded. */
  starttls?: boolean;
}

export interface TestSmtpServer {
  /** `smtp://user:pass@127.0.0.1:port`, or `smtps://…` for a secure server. */
  url: string;
  /** With TLS, the authority (PEM) that signed the server's certificate: what a client has to trust. */
  ca: string | undefined;
  /** Every AUTH the server answered, and whether the connection was encrypted by then. */
  logins: { username: string; secure: boolean; accepted: boolean }[];
  /** With TLS, the errors of its connections (a handshake the client broke off, say). */
  errors: Error[];
  received: ReceivedMail[];
  /** Every DATA the server was offered, refused ones included, by Message-ID. */
  offered: string[];
  /** Decides the reply to a message: null accepts it; a code refuses it with that code. */
  refuse: (messageId: string, offeredBefore: number) => number | null;
  /** Decides whether to leave a message unanswered: its sender waits until it gives up or dies. */
  stall: (messageId: string, offeredBefore: number, to: string[]) => boolean;
  /** Resolves once `count` messages have been accepted. */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const user = "park";
const password = "s3cret-mail";

export async function startSmtpServer(options: SmtpServerOptions = {}): Promise<TestSmtpServer> {
  const certificates = options.secure || options.starttls ? await createTestCertificates() : undefined;
  const state: TestSmtpServer = {
    url: "",
    ca: certificates?.ca,
    logins: [],
    errors: [],
    received: [],
    offered: [],
    refuse: () => null,
    stall: () => false,
    waitFor: async (count, timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      while (state.received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} messages, got ${state.received.length}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    close: async () => {},
  };
  const server = new SMTPServer({
    logger: false,
    secure: options.secure ?? false,
    ...(certificates ? { key: certificates.key, cert: certificates.cert } : {}),
    disabledCommands: options.starttls ? [] : ["STARTTLS"],
    // A server that offers TLS refuses credentials sent in clear, so a client that skipped the upgrade is caught.
    allowInsecureAuth: !certificates,
    authMethods: ["PLAIN", "LOGIN"],
    onAuth: (auth, session, callback) => {
      const accepted = auth.username === user && auth.password === password;
      state.logins.push({ username: auth.username ?? "", secure: session.secure, accepted });
      if (accepted) callback(null, { user });
      else callback(Object.assign(new Error("Invalid credentials"), { responseCode: 535 }));
    },
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        simpleParser(raw).then(
          (parsed) => {
            const messageId = parsed.messageId ?? "";
            const before = state.offered.filter((id) => id === messageId).length;
            state.offered.push(messageId);
            if (
              state.stall(
                messageId,
                before,
                session.envelope.rcptTo.map((r) => r.address),
              )
            )
              return;
            const code = state.refuse(messageId, before);
            if (code !== null) {
              callback(Object.assign(new Error(code >= 500 ? "Mailbox unavailable" : "Try again later"), { responseCode: code }));
              return;
            }
            state.received.push({ raw, parsed, messageId, to: session.envelope.rcptTo.map((r) => r.address), tls: session.tlsOptions });
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  // A handshake the client breaks off is the server's error event, which would otherwise end the process.
  if (certificates) server.on("error", (error) => state.errors.push(error));
  server.listen(0, "127.0.0.1");
  await once(server.server, "listening");
  const { port } = server.server.address() as AddressInfo;
  state.url = `${options.secure ? "smtps" : "smtp"}://${user}:${password}@127.0.0.1:${port}`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}
