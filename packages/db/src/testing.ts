// Helpers for test suites: a throwaway database per suite, embedded or on the
// local PostgreSQL server, migrated and ready.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type Database, type DatabaseOptions } from "./client.ts";

export const testPostgresUrl = process.env.PARK_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export interface TestDatabase extends Database {
  url: string | undefined;
  drop(): Promise<void>;
}

export async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: testPostgresUrl, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Whether suites that need PostgreSQL run. Under CI they must: an unreachable
 * server fails the run instead of skipping it.
 */
export async function postgresAvailable(): Promise<boolean> {
  if (await postgresReachable()) return true;
  if (process.env.CI === "true") throw new Error(`PostgreSQL is not reachable at ${testPostgresUrl} (set PARK_TEST_PG_URL).`);
  console.warn(`\n[notice] PostgreSQL not reachable at ${testPostgresUrl}: its suites are skipped.\n`);
  return false;
}

/** Creates an empty database with a unique name on the test server. */
export async function createPostgresDatabase(prefix = "park_test"): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: testPostgresUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(testPostgresUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: testPostgresUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

export async function openTestDatabase(kind: "pglite" | "postgres", options: Pick<DatabaseOptions, "onQuery"> = {}): Promise<TestDatabase> {
  if (kind === "pglite") {
    const db = await openDatabase({ dataDir: "memory://", ...options });
    await db.migrate();
    return { ...db, url: undefined, drop: () => db.close() };
  }
  const created = await createPostgresDatabase();
  const db = await openDatabase({ url: created.url, poolSize: 20, ...options });
  await db.migrate();
  return {
    ...db,
    url: created.url,
    drop: async () => {
      await db.close();
      await created.drop();
    },
  };
}
