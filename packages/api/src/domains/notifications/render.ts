// Turns what a message says into its parts: subject, plain text and HTML,
// written from the same document so they never disagree. The HTML is one
// self-contained page: inline styles, no images, no links out, nothing that
// loads from elsewhere or reports an opening.
import type { Readable } from "node:stream";
import { decimalAmount } from "../../shared/money.ts";

export interface MailTable {
  caption: string;
  columns: string[];
  /** Which columns hold figures (right-aligned). */
  numeric?: boolean[];
  rows: string[][];
}

export interface MailAttachment {
  filename: string;
  contentType: string;
  /** A stream is read once, as the message is sent. */
  content: string | Readable;
}

export interface MailDocument {
  subject: string;
  heading: string;
  /** "Hello alice,"; absent for messages to the back office. */
  greeting?: string | undefined;
  paragraphs: string[];
  /** Label and value pairs, such as a booking's lot, spot and times. */
  facts?: [label: string, value: string][];
  tables?: MailTable[];
  /** After the facts and tables. */
  closing?: string[];
  attachments?: MailAttachment[];
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
  attachments: MailAttachment[];
}

export interface FormatOptions {
  /** BCP 47 locale of numbers and dates (default en-US). */
  locale?: string;
}

const defaultLocale = "en-US";
const footer = "Sent automatically by Park; replies to this address are not read.";

/**
 * Money held as integer minor units, formatted for its currency: 1250 USD is
 * $12.50, 1250 JPY is ¥1,250. The amount reaches Intl as an exact decimal
 * string, never as a binary fraction.
 */
export function formatMoney(minorUnits: number, currency: string, { locale = defaultLocale }: FormatOptions = {}): string {
  // Intl formats numeric strings exactly; its types only name number.
  return new Intl.NumberFormat(locale, { style: "currency", currency }).format(decimalAmount(minorUnits, currency) as unknown as number);
}

/** An instant as read on a clock in `timeZone`: "Thu, Dec 3, 2026, 14:00 GMT+9". */
export function formatTime(at: Date, timeZone: string, { locale = defaultLocale }: FormatOptions = {}): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: "short",
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
  }).format(at);
}

/** A `YYYY-MM-DD` calendar day in words: "Wed, Dec 2, 2026". */
export function formatDay(day: string, { locale = defaultLocale }: FormatOptions = {}): string {
  return new Intl.DateTimeFormat(locale, { timeZone: "UTC", weekday: "short", year: "numeric", month: "short", day: "numeric" }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

/** A span of minutes as "2 h 05 min". */
export function formatDuration(minutes: number): string {
  const whole = Math.max(0, Math.round(minutes));
  const hours = Math.floor(whole / 60);
  const rest = whole % 60;
  return hours === 0 ? `${rest} min` : `${hours} h ${String(rest).padStart(2, "0")} min`;
}

export function formatPercent(rate: number, { locale = defaultLocale }: FormatOptions = {}): string {
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(rate);
}

export function renderMail(document: MailDocument): RenderedMail {
  return { subject: document.subject, text: renderText(document), html: renderHtml(document), attachments: document.attachments ?? [] };
}

function renderText(document: MailDocument): string {
  const blocks: string[] = [];
  if (document.greeting) blocks.push(document.greeting);
  blocks.push(...document.paragraphs);
  if (document.facts?.length) {
    const width = Math.max(...document.facts.map(([label]) => label.length)) + 2;
    blocks.push(document.facts.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}`).join("\n"));
  }
  for (const table of document.tables ?? []) blocks.push(textTable(table));
  blocks.push(...(document.closing ?? []));
  blocks.push(`-- \n${footer}`);
  return `${blocks.join("\n\n")}\n`;
}

function textTable(table: MailTable): string {
  const widths = table.columns.map((column, i) => Math.max(column.length, ...table.rows.map((row) => (row[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (table.numeric?.[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  const rule = widths.map((width) => "-".repeat(width)).join("  ");
  return [table.caption, line(table.columns), rule, ...table.rows.map(line)].join("\n");
}

const escapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => escapes[c]!);
}

const style = {
  body: "margin:0;padding:24px;background:#f4f4f5;color:#18181b;font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5",
  card: "max-width:600px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px",
  heading: "margin:0 0 16px;font-size:20px",
  cell: "padding:4px 12px 4px 0;vertical-align:top;text-align:left",
  head: "padding:4px 12px 4px 0;text-align:left;border-bottom:1px solid #d4d4d8",
  footer: "margin:24px 0 0;color:#71717a;font-size:12px",
};

function renderHtml(document: MailDocument): string {
  const e = escapeHtml;
  const parts: string[] = [`<h1 style="${style.heading}">${e(document.heading)}</h1>`];
  if (document.greeting) parts.push(`<p>${e(document.greeting)}</p>`);
  for (const paragraph of document.paragraphs) parts.push(`<p>${e(paragraph)}</p>`);
  if (document.facts?.length) {
    const rows = document.facts.map(
      ([label, value]) => `<tr><th style="${style.cell}" scope="row">${e(label)}</th><td style="${style.cell}">${e(value)}</td></tr>`,
    );
    parts.push(`<table role="presentation" style="border-collapse:collapse;margin:16px 0">${rows.join("")}</table>`);
  }
  for (const table of document.tables ?? []) {
    const align = (i: number) => (table.numeric?.[i] ? "text-align:right;" : "");
    const head = table.columns.map((column, i) => `<th style="${style.head};${align(i)}" scope="col">${e(column)}</th>`).join("");
    const body = table.rows.map((row) => `<tr>${row.map((cell, i) => `<td style="${style.cell};${align(i)}">${e(cell)}</td>`).join("")}</tr>`).join("");
    parts.push(
      `<table style="border-collapse:collapse;margin:16px 0"><caption style="text-align:left;font-weight:bold;padding-bottom:4px">${e(table.caption)}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`,
    );
  }
  for (const paragraph of document.closing ?? []) parts.push(`<p>${e(paragraph)}</p>`);
  parts.push(`<p style="${style.footer}">${e(footer)}</p>`);
  return [
    "<!doctype html>",
    '<html lang="en">',
    `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${e(document.subject)}</title></head>`,
    `<body style="${style.body}"><div style="${style.card}">`,
    ...parts,
    "</div></body>",
    "</html>",
    "",
  ].join("\n");
}
