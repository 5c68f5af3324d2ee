// A digest of every table's content, to prove a rejected call changed nothing.
import type { TestDatabase } from "@park/db/testing";

/**
 * Tables that change by design when a call is refused: failed logins are
 * counted there. Everything else must be exactly as it was.
 */
const changesOnRefusal = new Set(["rate_limits", "_prisma_migrations"]);

const queries = new WeakMap<TestDatabase, Promise<string>>();

/** One round trip whatever the number of tables, so it can run around every call. */
async function digestQuery(db: TestDatabase): Promise<string> {
  const tables = await db.sql.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const parts = tables
    .map((t) => t.name)
    .filter((name) => !changesOnRefusal.has(name))
    .map((name) => `'${name}', (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM "${name}" t)`);
  return `SELECT json_build_object(${parts.join(", ")}) AS digest`;
}

export async function fingerprint(db: TestDatabase): Promise<Record<string, string>> {
  let sql = queries.get(db);
  if (!sql) queries.set(db, (sql = digestQuery(db)));
  const [row] = await db.sql.query<{ digest: Record<string, string> | string }>(await sql);
  const digest = row!.digest;
  return typeof digest === "string" ? (JSON.parse(digest) as Record<string, string>) : digest;
}
