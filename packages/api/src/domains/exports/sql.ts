// A driver's history, read a page at a time in a fixed order, so an export of
// any length holds one page in memory.
import { Prisma } from "@park/db";

export interface HistoryRow {
  record: "reservation" | "session";
  id: string;
  lot: string;
  timezone: string;
  plate: string;
  spot: string;
  startLocal: string;
  endLocal: string | null;
  startsAt: Date;
  endsAt: Date | null;
  status: string;
  amountCents: number | null;
  currency: string;
  payment: string | null;
  /** Where the next page starts: the order the index of each table keeps. */
  keyAt: Date;
}

export interface HistoryKey {
  at: Date;
  id: string;
}

const local = (column: string) => Prisma.raw(`to_char(${column} AT TIME ZONE l.timezone, 'YYYY-MM-DD HH24:MI')`);

/** The caller's rows of `alias` after `after`, in the order of `at` then id: the page's filter, order and size. */
function ownPage(alias: string, at: string, userId: string, after: HistoryKey | null, limit: number): Prisma.Sql {
  const [owner, key, id] = [Prisma.raw(`${alias}.user_id`), Prisma.raw(`${alias}.${at}`), Prisma.raw(`${alias}.id`)];
  const afterAt = after?.at ?? null;
  return Prisma.sql`
    WHERE ${owner} = ${userId}::uuid AND (${afterAt}::timestamptz IS NULL OR (${key}, ${id}) > (${afterAt}::timestamptz, ${after?.id ?? null}::uuid))
    ORDER BY ${key}, ${id}
    LIMIT ${limit}`;
}

/** The caller's reservations after `after`, oldest first. */
export function reservationsPageSql(userId: string, after: HistoryKey | null, limit: number): Prisma.Sql {
  return Prisma.sql`
    SELECT 'reservation' AS record, r.id::text AS id, l.name AS lot, l.timezone, v.plate, sp.label AS spot,
           ${local("r.starts_at")} AS "startLocal", ${local("r.ends_at")} AS "endLocal", r.starts_at AS "startsAt", r.ends_at AS "endsAt",
           r.status::text AS status, r.amount_cents AS "amountCents", r.currency::text AS currency, NULL AS payment, r.created_at AS "keyAt"
    FROM reservations r
    JOIN lots l ON l.id = r.lot_id
    JOIN vehicles v ON v.id = r.vehicle_id
    JOIN spots sp ON sp.id = r.spot_id
    ${ownPage("r", "created_at", userId, after, limit)}`;
}

/** The caller's parking sessions after `after`, oldest first. */
export function sessionsPageSql(userId: string, after: HistoryKey | null, limit: number): Prisma.Sql {
  return Prisma.sql`
    SELECT 'session' AS record, s.id::text AS id, l.name AS lot, l.timezone, s.plate, sp.label AS spot,
           ${local("s.started_at")} AS "startLocal", ${local("s.ended_at")} AS "endLocal", s.started_at AS "startsAt", s.ended_at AS "endsAt",
           s.status::text AS status, s.amount_cents AS "amountCents", s.currency::text AS currency, s.payment_status::text AS payment, s.started_at AS "keyAt"
    FROM sessions s
    JOIN lots l ON l.id = s.lot_id
    JOIN spots sp ON sp.id = s.spot_id
    ${ownPage("s", "started_at", userId, after, limit)}`;
}

/** One table of the back office's export: its columns, and a page of its rows after an id, in id order. */
export interface ExportTable {
  name: string;
  columns: readonly string[];
  page(afterId: string | null, limit: number): Prisma.Sql;
}

const afterId = (alias: string, id: string | null) => Prisma.sql`(${id}::uuid IS NULL OR ${Prisma.raw(`${alias}.id`)} > ${id}::uuid)`;

/** Everything an admin's export holds, a table per file; money as minor units with its currency. */
export const exportTables: readonly ExportTable[] = [
  {
    name: "users",
    columns: ["id", "username", "email", "phone", "role", "disabled", "created (UTC)"],
    page: (id, limit) => Prisma.sql`
      SELECT u.id::text, u.username::text, u.email::text, coalesce(u.phone, ''), u.role::text, u.disabled::text, u.created_at
      FROM users u WHERE ${afterId("u", id)} ORDER BY u.id LIMIT ${limit}`,
  },
  {
    name: "lots",
    columns: ["id", "name", "city", "address", "timezone", "currency", "hourly rate (minor units)", "deleted (UTC)"],
    page: (id, limit) => Prisma.sql`
      SELECT l.id::text, l.name, l.city, l.address, l.timezone, l.currency::text, l.hourly_rate_cents, l.deleted_at
      FROM lots l WHERE ${afterId("l", id)} ORDER BY l.id LIMIT ${limit}`,
  },
  {
    name: "reservations",
    columns: ["id", "user id", "lot id", "spot id", "vehicle id", "starts (UTC)", "ends (UTC)", "status", "amount (minor units)", "currency", "created (UTC)"],
    page: (id, limit) => Prisma.sql`
      SELECT r.id::text, r.user_id::text, r.lot_id::text, r.spot_id::text, r.vehicle_id::text, r.starts_at, r.ends_at, r.status::text,
             r.amount_cents, r.currency::text, r.created_at
      FROM reservations r WHERE ${afterId("r", id)} ORDER BY r.id LIMIT ${limit}`,
  },
  {
    name: "sessions",
    columns: ["id", "user id", "lot id", "spot id", "plate", "started (UTC)", "ended (UTC)", "status", "amount (minor units)", "currency", "payment"],
    page: (id, limit) => Prisma.sql`
      SELECT s.id::text, coalesce(s.user_id::text, ''), s.lot_id::text, s.spot_id::text, s.plate, s.started_at, s.ended_at, s.status::text,
             s.amount_cents, s.currency::text, s.payment_status::text
      FROM sessions s WHERE ${afterId("s", id)} ORDER BY s.id LIMIT ${limit}`,
  },
];
