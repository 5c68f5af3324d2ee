// Where composed mail goes: an SMTP server (SMTP_URL), or without one, one
// RFC 5322 file per message under DATA_DIR/mail. Both build the message with
// nodemailer, and both give it a Message-ID derived from its outbox row, so a
// message delivered again after a crash is recognisably the same message.
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import nodemailer, { type SendMailOptions } from "nodemailer";
import type { RenderedMail } from "./render.ts";

export interface OutgoingMail extends RenderedMail {
  /** The outbox row's id. */
  id: string;
  to: string;
  /** When the change that caused it happened: the Date header, the same on every delivery. */
  createdAt: Date;
}

export interface MailTransport {
  /** Where mail goes, for logs (no credentials). */
  readonly description: string;
  send(mail: OutgoingMail): Promise<void>;
  close(): Promise<void>;
}

export interface MailTransportOptions {
  /** The envelope and From header's sender, e.g. `Park <no-reply@park.local>`. */
  from: string;
  /** The right-hand side of every Message-ID (default park.local). */
  messageIdDomain?: string;
}

export const defaultMailFrom = "Park <no-reply@park.local>";

/** `<id@domain>`: one per outbox row, whatever the number of deliveries. */
export function messageIdFor(outboxId: string, domain = "park.local"): string {
  return `<${outboxId}@${domain}>`;
}

/**
 * A failure that the same message will meet again however often it is tried:
 * the server refused its sender, recipients or content for good (a 5xx reply
 * to the envelope or the message). A 5xx to the sign-in or to STARTTLS says
 * the server is set up wrongly, not that the message is: every message would
 * meet it, so it is retried with the rest while someone puts it right.
 */
export function isPermanentFailure(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { permanent, code } = error as { permanent?: unknown; code?: unknown };
  return permanent === true && (code === "EENVELOPE" || code === "EMESSAGE");
}

function messageOptions(mail: OutgoingMail, options: MailTransportOptions): SendMailOptions {
  return {
    from: options.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: messageIdFor(mail.id, options.messageIdDomain),
    date: mail.createdAt,
    headers: { "Auto-Submitted": "auto-generated" },
    attachments: mail.attachments.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
  };
}

/**
 * Through the server at `smtp://user:pass@host:port` (STARTTLS when offered)
 * or `smtps://…` (TLS from the start). Timeouts are kept well inside a
 * delivery lease, so a stuck server fails the attempt instead of outliving it.
 */
export function smtpTransport(url: string, options: MailTransportOptions): MailTransport {
  const transporter = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: 4,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  const parsed = new URL(url);
  return {
    description: `${parsed.protocol}//${parsed.host}`,
    send: async (mail) => {
      await transporter.sendMail(messageOptions(mail, options));
    },
    close: async () => transporter.close(),
  };
}

/**
 * One `.eml` file per message in `dir`, named by the time of its cause and
 * its outbox id: written to a temporary file, flushed, then renamed, so the
 * folder only ever holds whole messages, and a redelivery replaces its file.
 */
export function fileTransport(dir: string, options: MailTransportOptions): MailTransport {
  // Unbuffered: the message is written to its file as it is composed, so a long attachment read from a stream is never
  // held whole.
  const composer = nodemailer.createTransport({ streamTransport: true, newline: "windows" });
  let ready: Promise<unknown> | undefined;
  return {
    description: dir,
    send: async (mail) => {
      await (ready ??= mkdir(dir, { recursive: true }));
      const info = await composer.sendMail(messageOptions(mail, options));
      const name = `${mail.createdAt.toISOString().replace(/[-:.]/g, "")}-${mail.id}.eml`;
      const temporary = join(dir, `.${name}.${randomBytes(6).toString("hex")}.tmp`);
      try {
        // Flushed to disk before it is closed, and so before it is renamed into place.
        await pipeline(info.message as Readable, createWriteStream(temporary, { flags: "wx", flush: true }));
        await rename(temporary, join(dir, name));
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
    },
    close: async () => composer.close(),
  };
}

/** SMTP when a URL is given, otherwise files under `dataDir/mail`. */
export function createMailTransport(config: { smtpUrl?: string | undefined; dataDir: string } & Partial<MailTransportOptions>): MailTransport {
  const options = { from: config.from ?? defaultMailFrom, ...(config.messageIdDomain ? { messageIdDomain: config.messageIdDomain } : {}) };
  return config.smtpUrl ? smtpTransport(config.smtpUrl, options) : fileTransport(join(config.dataDir, "mail"), options);
}
