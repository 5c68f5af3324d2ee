// A real SMTP server on a loopback port, for delivery tests: it asks for the
// credentials in the URL, keeps every message it accepts (raw and parsed),
// and can refuse messages on demand with the reply a busy server gives, or
// leave a message unanswered, as a server that hangs does.
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  raw: string;
  parsed: ParsedMail;
  messageId: string;
  to: string[];
}

export interface TestSmtpServer {
  /** `smtp://user:pass@127.0.0.1:port`. */
  url: string;
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

export async function startSmtpServer(): Promise<TestSmtpServer> {
  const state: TestSmtpServer = {
    url: "",
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
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    authMethods: ["PLAIN", "LOGIN"],
    onAuth: (auth, _session, callback) => {
      if (auth.username === user && auth.password === password) callback(null, { user });
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
            state.received.push({ raw, parsed, messageId, to: session.envelope.rcptTo.map((r) => r.address) });
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  server.listen(0, "127.0.0.1");
  await once(server.server, "listening");
  const { port } = server.server.address() as AddressInfo;
  state.url = `smtp://${user}:${password}@127.0.0.1:${port}`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}
