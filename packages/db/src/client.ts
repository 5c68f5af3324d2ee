import { createHash } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { messages, PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { citext } from "@electric-sql/pglite/contrib/citext";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import pg from "pg";
import { PrismaClient, type Prisma } from "./generated/prisma/client.ts";
import {
  listenForLotChanges,
  listenForQueuedMail,
  mailQueuedChannel,
  type ChannelListener,
  type LotChangeHandlers,
  type MailQueuedHandlers,
} from "./channels.ts";
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
  /** Embedded only: a tarball of a data folder (`PGlite#dumpDataDir`) a new database starts from. */
  from?: Blob | undefined;
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
  /**
   * PostgreSQL only: hears every process's committed lot changes, each
   * listener on a connection of its own (see `listenForLotChanges`). The
   * embedded database has one process, whose own signals are all there is.
   */
  lotChanges?: { listen(handlers: LotChangeHandlers): ChannelListener };
  /**
   * Hears that mail was queued by any process on the database, once its
   * transaction committed: on PostgreSQL each listener on a connection of its
   * own, on the embedded database from the engine itself.
   */
  queuedMail: { listen(handlers: MailQueuedHandlers): ChannelListener };
  /** Also ends any listener still open. */
  close(): Promise<void>;
}

export const pgliteExtensions = { btree_gist, citext };

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.url ? openPostgres(options.url, options) : openPglite(options.dataDir ?? "memory://", options);
}

async function openPglite(dataDir: string, options: DatabaseOptions): Promise<Database> {
  if (!dataDir.includes("://")) await mkdir(dataDir, { recursive: true });
  const pglite = new FairPGlite(dataDir, { extensions: pgliteExtensions, ...(options.from ? { loadDataDir: options.from } : {}) });
  await pglite.waitReady;
  // PGlite runs one query or transaction at a time, Prisma's included: a
  // direct query waits for an open transaction instead of joining it.
  const sql: SqlRunner = {
    exec: async (text) => {
      await pglite.exec(text);
    },
    query: async <T>(text: string, params: unknown[] = []) => (await pglite.query<T>(text, params)).rows,
    prepared: async <T>(text: string, params: unknown[] = []) => (await pglite.query<T>(text, params)).rows,
    transaction: (fn) =>
      pglite.transaction((tx) =>
        fn({ exec: async (t) => void (await tx.exec(t)), query: async <T>(t: string, p: unknown[] = []) => (await tx.query<T>(t, p)).rows }),
      ),
  };
  const prisma = createClient(new PrismaPGlite(pglite), sql, options);
  const queuedMail: Database["queuedMail"] = {
    listen: (handlers) => {
      const stopping = pglite
        .listen(mailQueuedChannel, () => handlers.queued())
        .then(
          (unlisten) => {
            handlers.listening();
            return unlisten;
          },
          (error: unknown) => {
            handlers.interrupted(error);
            return undefined;
          },
        );
      // After the engine has closed there is nothing left to stop listening to.
      return { close: async () => void (await (await stopping)?.().catch(() => {})) };
    },
  };
  return finish({ prisma, kind: "pglite", sql, options, probe: () => probePglite(pglite, sql), close: () => pglite.close(), queuedMail });
}

/**
 * PGlite runs each statement synchronously on this thread and hands the
 * lock to the next queued one in a microtask, so a queue of bookings would
 * keep the event loop from reading any socket until it is empty: every
 * request, a health probe included, would wait for all of them. Yielding to
 * the loop before each statement lets I/O in between. The time the last
 * statement finished tells a health check that the engine is working
 * without queueing a query behind all the others.
 */
class FairPGlite extends PGlite {
  lastProgress = Number.NEGATIVE_INFINITY;

  override async execProtocolStream(...args: Parameters<PGlite["execProtocolStream"]>) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      const result = await super.execProtocolStream(...args);
      this.lastProgress = performance.now();
      return result;
    } catch (error) {
      // An SQL error is the engine answering; anything else (a WASM abort) is not.
      if (error instanceof messages.DatabaseError) this.lastProgress = performance.now();
      throw error;
    }
  }
}

/** A statement finishing this recently shows the embedded engine is working. */
const progressWindowMs = 2_000;
/** How long an idle (or stuck) engine gets to answer a query of the health check's own. */
const probeTimeoutMs = 2_000;

/**
 * Up when open and either busy finishing statements or, when nothing has
 * finished lately (idle, or stuck), answering `SELECT 1` in time.
 */
async function probePglite(pglite: FairPGlite, sql: SqlRunner): Promise<boolean> {
  if (!pglite.ready) return false;
  if (performance.now() - pglite.lastProgress < progressWindowMs) return true;
  return withTimeout(sql.query("SELECT 1"), probeTimeoutMs);
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
  const probe = createPostgresProbe(url);
  const listeners = new Set<ChannelListener>();
  const tracked = (listener: ChannelListener): ChannelListener => {
    listeners.add(listener);
    return {
      close: async () => {
        listeners.delete(listener);
        await listener.close();
      },
    };
  };
  const database = finish({
    prisma,
    kind: "postgres",
    sql,
    options,
    probe: probe.check,
    close: async () => {
      await Promise.all([probe.close(), ...[...listeners].map((listener) => listener.close())]);
      await pool.end();
    },
    queuedMail: { listen: (handlers) => tracked(listenForQueuedMail(url, handlers)) },
  });
  database.lotChanges = { listen: (handlers) => tracked(listenForLotChanges(url, handlers)) };
  return database;
}

/**
 * Health checks use a connection of their own, outside the pool, so that a
 * pool busy with bookings does not delay them and a broken one cannot pass
 * for healthy. Opened on first use; a connection that fails is dropped, and
 * one that worked before is given one fresh try, since the server may just
 * have cut it (a restart, a terminated backend).
 */
function createPostgresProbe(url: string) {
  let client: Promise<pg.Client> | undefined;
  let closed = false;
  const drop = (stale: Promise<pg.Client>) => {
    if (client === stale) client = undefined;
    void stale.then((c) => c.end()).catch(() => {});
  };
  const connect = () => {
    const fresh = new pg.Client({
      connectionString: url,
      connectionTimeoutMillis: probeTimeoutMs,
      query_timeout: probeTimeoutMs,
      application_name: "park-health",
    });
    const connecting = fresh.connect().then(() => fresh);
    fresh.on("error", () => drop(connecting));
    return connecting;
  };
  const once = async (): Promise<boolean> => {
    const current = (client ??= connect());
    try {
      await (await current).query("SELECT 1");
      return true;
    } catch {
      drop(current);
      return false;
    } finally {
      // Closed while this check was connecting: nobody else will end its connection.
      if (closed) drop(current);
    }
  };
  return {
    check: async () => {
      if (closed) return false;
      const reused = client !== undefined;
      return (await once()) || (reused && !closed && (await once()));
    },
    close: async () => {
      closed = true;
      const last = client;
      client = undefined;
      await last?.then((c) => c.end()).catch(() => {});
    },
  };
}

/** Whether the query succeeds within `ms`; it is not cancelled, only no longer waited for. */
async function withTimeout(query: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(resolve, ms, false)));
  try {
    return await Promise.race([
      query.then(
        () => true,
        () => false,
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
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
  /** Whether the database answers, decided within a few seconds at most. */
  probe: () => Promise<boolean>;
  close: () => Promise<void>;
  queuedMail: Database["queuedMail"];
}): Database {
  const { prisma, kind, sql, options, queuedMail } = parts;
  let closing: Promise<void> | undefined;
  let lastPingOk = 0;
  let pending: Promise<boolean> | undefined;
  return {
    prisma,
    kind,
    sql,
    queuedMail,
    migrate: () => applyMigrations(sql, options.migrationsDir),
    // Health checks are polled, often by several balancers at once: a success
    // stands for a second, a failure is re-checked every time, and checks
    // arriving together share one probe.
    ping: async () => {
      if (closing) return false;
      if (Date.now() - lastPingOk < 1_000) return true;
      pending ??= parts.probe().then(
        (up) => {
          lastPingOk = up ? Date.now() : 0;
          return up;
        },
        () => {
          lastPingOk = 0;
          return false;
        },
      );
      const current = pending;
      void current.finally(() => {
        if (pending === current) pending = undefined;
      });
      return (await current) && !closing;
    },
    close: () =>
      (closing ??= (async () => {
        await prisma.$disconnect();
        await parts.close();
      })()),
  };
}
