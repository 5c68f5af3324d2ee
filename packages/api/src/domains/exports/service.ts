import { Readable } from "node:stream";
import { stringify } from "csv-stringify";
import { decimalAmount } from "../../shared/money.ts";
import { enqueue } from "../notifications/enqueue.ts";
import type { Services } from "../../shared/services.ts";
import { exportTables, reservationsPageSql, sessionsPageSql, type ExportTable, type HistoryKey, type HistoryRow } from "./sql.ts";

/** Rows read per query: enough to keep round trips few, few enough that a page is small. */
const pageSize = 1_000;

export const historyColumns = [
  "record",
  "id",
  "lot",
  "timezone",
  "plate",
  "spot",
  "start (local)",
  "end (local)",
  "start (UTC)",
  "end (UTC)",
  "status",
  "amount",
  "currency",
  "payment",
] as const;

async function* pages(db: Services["db"], page: (after: HistoryKey | null) => ReturnType<typeof reservationsPageSql>): AsyncGenerator<HistoryRow> {
  let after: HistoryKey | null = null;
  for (;;) {
    const rows: HistoryRow[] = await db.$queryRaw<HistoryRow[]>(page(after));
    yield* rows;
    if (rows.length < pageSize) return;
    const last: HistoryRow = rows.at(-1)!;
    after = { at: last.keyAt, id: last.id };
  }
}

/** The caller's reservations, then their parking sessions, as CSV records, a page at a time. */
export async function* historyRecords({ db }: Pick<Services, "db">, userId: string): AsyncGenerator<string[]> {
  const toRecord = (row: HistoryRow) => [
    row.record,
    row.id,
    row.lot,
    row.timezone,
    row.plate,
    row.spot,
    row.startLocal,
    row.endLocal ?? "",
    row.startsAt.toISOString(),
    row.endsAt?.toISOString() ?? "",
    row.status,
    row.amountCents === null ? "" : decimalAmount(row.amountCents, row.currency.trim()),
    row.currency.trim(),
    row.payment ?? "",
  ];
  for await (const row of pages(db, (after) => reservationsPageSql(userId, after, pageSize))) yield toRecord(row);
  for await (const row of pages(db, (after) => sessionsPageSql(userId, after, pageSize))) yield toRecord(row);
}

/**
 * The caller's history as a stream of CSV text (RFC 4180 quoting, CRLF), with
 * a header row. Cells a spreadsheet would run as a formula (a lot named
 * "=HYPERLINK(…)") are escaped so they show as text. Rows are read as the
 * stream is consumed, so a slow reader holds the database back, not memory.
 */
export function historyCsvStream(services: Pick<Services, "db">, userId: string): Readable {
  return csvStream(historyColumns, historyRecords(services, userId));
}

/** Records as CSV text with a header row, read from `records` as the text is consumed; a failed read fails the stream. */
function csvStream(columns: readonly string[], records: AsyncIterable<string[]>): Readable {
  const csv = stringify({ header: true, columns: [...columns], escape_formulas: true, record_delimiter: "windows" });
  const source = Readable.from(records);
  source.on("error", (error) => csv.destroy(error));
  return source.pipe(csv);
}

async function text(stream: Readable): Promise<string> {
  const chunks: string[] = [];
  for await (const chunk of stream) chunks.push(String(chunk));
  return chunks.join("");
}

export function historyFilename(now: Date): string {
  return `park-history-${now.toISOString().slice(0, 10)}.csv`;
}

/**
 * `exports.history`: the caller's history as CSV, and with `email` the same
 * file mailed to them too (made afresh when the mail goes out, so it holds
 * what happened until then).
 */
export async function exportHistory(
  services: Pick<Services, "db" | "clock">,
  user: { id: string; email: string },
  input: { email?: boolean | undefined },
): Promise<{ filename: string; csv: string }> {
  const file = await historyCsv(services, user.id);
  if (input.email) await enqueue(services.db, { kind: "export.history", userId: user.id, recipient: user.email, payload: {} });
  return file;
}

/** A CSV file whose rows are read from the database as its content is consumed, as a mail attachment is sent. */
export interface CsvFile {
  filename: string;
  content: Readable;
}

/** The caller's history as a file, read as it is consumed. */
export function historyFile(services: Pick<Services, "db" | "clock">, userId: string): CsvFile {
  return { filename: historyFilename(services.clock.now()), content: historyCsvStream(services, userId) };
}

/** The whole export as one text, for the API's answer. */
export async function historyCsv(services: Pick<Services, "db" | "clock">, userId: string): Promise<{ filename: string; csv: string }> {
  const { filename, content } = historyFile(services, userId);
  return { filename, csv: await text(content) };
}

const cell = (value: unknown): string => (value === null || value === undefined ? "" : value instanceof Date ? value.toISOString() : String(value));

async function* tableRecords(db: Services["db"], table: ExportTable): AsyncGenerator<string[]> {
  let after: string | null = null;
  for (;;) {
    const rows: Record<string, unknown>[] = await db.$queryRaw<Record<string, unknown>[]>(table.page(after, pageSize));
    for (const row of rows) yield Object.values(row).map(cell);
    if (rows.length < pageSize) return;
    after = String(Object.values(rows.at(-1)!)[0]);
  }
}

/**
 * The back office's export: users, lots, reservations and sessions, one CSV
 * each (same quoting and formula escaping as a driver's history), each read a
 * page at a time as it is sent.
 */
export function allDataFiles({ db, clock }: Pick<Services, "db" | "clock">): CsvFile[] {
  const day = clock.now().toISOString().slice(0, 10);
  return exportTables.map((table) => ({ filename: `park-${table.name}-${day}.csv`, content: csvStream(table.columns, tableRecords(db, table)) }));
}
