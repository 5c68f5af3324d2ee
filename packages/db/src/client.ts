import { createHash } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { citext } from "@electric-sql/pglite/contrib/citext";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import pg from "pg";
import { PrismaClient, type Prisma } from "./generated/prisma/client.ts";
import { applyMigrations, type SqlRunner } from "./migrate.ts";

/** The Prisma client, plus `$sql` for the few statements too hot for Prisma's raw queries. */
export type Db = PrismaClient & { $sql<T>(query: Prisma.Sql): Promise<T[]> };

export interface DatabaseOptions {
  /** `postgresql://…` for a PostgreSQL server; absent for the embedded database. */
  url?: string | undefined;
  /** Folder of the embedded database; `memory://` keeps it in memory. */
  dataDir?: string | undefined;
  /** Connection pool size for PostgreSQL. */
  poolSize?: number | undefined;
  /** Folder of migrations; defaults to the package's own. */
  migrationsDir?: string | undefined;
  /** Called with every SQL statement Prisma sends (tests count them). */
  onQuery?: ((sql: string) => void) | undefined;
}

export interface Database {
  prisma: Db;
  kind: "pglite" | "postgres";
  /** Runs plain SQL outside Prisma (migrations, health checks, tests). */
  sql: SqlRunner;
  migrate(): Promise<string[]>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export const pgliteExtensions = { btree_gist, citext };

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.url ? openPostgres(options.url, options) : openPglite(options.dataDir ?? "memory://", options);
}

async function openPglite(dataDir: string, options: DatabaseOptions): Promise<Database> {
  if (!dataDir.includes("://")) await mkdir(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir, { extensions: pgliteExtensions });
  // PGlite runs one query or transaction at a time, Prisma's included: a
  // direct query waits for an open transaction instead of joining it.
  const sql: SqlRunner = {
    exec: async (text) => {
      await pglite.exec(text);
    },
    query: async <T>(text: string, params: unknown[] = []) => (await pglite.query<T>(text, params)).rows,
    prepared: async <T>(text: string, params: unknown[] = []) => (await pglite.query<T>(text, params)).rows,
    transaction: (fn) => pglite.transaction((tx) => fn({ exec: async (t) => void (await tx.exec(t)), query: async <T>(t: string, p: unknown[] = []) => (await tx.query<T>(t, p)).rows })),
  };
  const prisma = createClient(new PrismaPGlite(pglite), sql, options);
  return finish({ prisma, kind: "pglite", sql, options, close: () => pglite.close() });
}

async function openPostgres(url: string, options: DatabaseOptions): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
  // An idle client that loses its server must not crash the process.
  pool.on("error", () => {});
  const sql: SqlRunner = {
    exec: async (text) => {
      await pool.query(text);
    },
    query: async <T>(text: string, params: unknown[] = []) => (await pool.query(text, params)).rows as T[],
    prepared: async <T>(text: string, params: unknown[] = []) => (await pool.query({ name: statementName(text), text, values: params })).rows as T[],
    transaction: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await fn({
          exec: async (t) => void (await client.query(t)),
          query: async <T>(t: string, p: unknown[] = []) => (await client.query(t, p)).rows as T[],
        });
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
  };
  const prisma = createClient(new PrismaPg(pool), sql, options);
  return finish({ prisma, kind: "postgres", sql, options, close: () => pool.end() });
}

// Errors are reported by our own code, so Prisma need not capture a call
// site on every query ("minimal"). Bursts of bookings queue for a connection and for a lot's lock; Prisma's
// defaults (2 s to start, 5 s to finish) would turn a busy minute into errors.
const transactionOptions = { maxWait: 15_000, timeout: 20_000 };

function createClient(adapter: PrismaPGlite | PrismaPg, sql: SqlRunner, options: DatabaseOptions): Db {
  if (!options.onQuery) return withDirectSql(new PrismaClient({ adapter, transactionOptions, errorFormat: "minimal" }), sql);
  const onQuery = options.onQuery;
  const client = new PrismaClient({ adapter, transactionOptions, errorFormat: "minimal", log: [{ emit: "event", level: "query" }] });
  client.$on("query", (event) => onQuery(event.query));
  return withDirectSql(client, sql, onQuery);
}

/**
 * Adds `$sql`: one statement sent straight to the driver, outside any
 * transaction. Prisma's raw queries cost about three times the driver's own
 * CPU, which the hottest statements (booking) cannot afford. Values come back
 * as the driver gives them: cast counts to int, enums to text.
 */
function withDirectSql(client: PrismaClient, sql: SqlRunner, onQuery?: (sql: string) => void): Db {
  const $sql = <T>(query: Prisma.Sql): Promise<T[]> => {
    onQuery?.(query.text);
    return sql.prepared<T>(query.text, query.values);
  };
  return Object.assign(client, { $sql });
}

/**
 * A name per statement text: PostgreSQL plans a named statement once per
 * connection instead of on every call, which for the booking statement is
 * most of its cost. Only for the few fixed statements `$sql` runs.
 */
function statementName(text: string): string {
  return `park_${createHash("sha1").update(text).digest("hex").slice(0, 20)}`;
}

function finish(parts: {
  prisma: Db;
  kind: Database["kind"];
  sql: SqlRunner;
  options: DatabaseOptions;
  close: () => Promise<void>;
}): Database {
  const { prisma, kind, sql, options } = parts;
  let closing: Promise<void> | undefined;
  let lastPingOk = 0;
  return {
    prisma,
    kind,
    sql,
    migrate: () => applyMigrations(sql, options.migrationsDir),
    // Health checks are polled, often by several balancers at once: a success
    // stands for a second, a failure is re-checked every time.
    ping: async () => {
      if (closing) return false;
      if (Date.now() - lastPingOk < 1_000) return true;
      try {
        await sql.query("SELECT 1");
        lastPingOk = Date.now();
        return true;
      } catch {
        lastPingOk = 0;
        return false;
      }
    },
    close: () =>
      (closing ??= (async () => {
        await prisma.$disconnect();
        await parts.close();
      })()),
  };
}
