import { Readable } from "node:stream";
import { stringify } from "csv-stringify";
import { decimalAmount } from "../../shared/money.ts";
import type { Services } from "../../shared/services.ts";
import { reservationsPageSql, sessionsPageSql, type HistoryKey, type HistoryRow } from "./sql.ts";

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
  const csv = stringify({ header: true, columns: [...historyColumns], escape_formulas: true, record_delimiter: "windows" });
  const source = Readable.from(historyRecords(services, userId));
  source.on("error", (error) => csv.destroy(error));
  return source.pipe(csv);
}

export function historyFilename(now: Date): string {
  return `park-history-${now.toISOString().slice(0, 10)}.csv`;
}

/** The whole export as one text, for the API answer and the mail attachment. */
export async function historyCsv(services: Pick<Services, "db" | "clock">, userId: string): Promise<{ filename: string; csv: string }> {
  const chunks: string[] = [];
  for await (const chunk of historyCsvStream(services, userId)) chunks.push(String(chunk));
  return { filename: historyFilename(services.clock.now()), csv: chunks.join("") };
}
