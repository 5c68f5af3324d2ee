// Helpers for test suites: a throwaway database per suite, embedded or on the
// local PostgreSQL server, migrated and ready.
import { createHash, randomBytes } from "node:crypto";
import { cp, mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { openDatabase, pgliteExtensions, type Database, type DatabaseOptions } from "./client.ts";
import { readMigrations } from "./migrate.ts";

export { machineSlowdown, timeOnThisMachine, watchSlowdown } from "./machine-load.ts";

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

/**
 * A migrated, empty embedded database to copy. Creating one from nothing runs initdb, some six seconds
 * of CPU; opening a copy takes half a second. Made once per state of the migrations and version of the
 * engine, and shared by every test process through the system's temporary folder: `dataDir` is a
 * folder to copy, `dump` the same as a tarball for in-memory databases.
 */
export function pgliteTemplate(): Promise<{ dataDir: string; dump: string }> {
  return (template ??= findOrMakeTemplate());
}

let template: Promise<{ dataDir: string; dump: string }> | undefined;

async function findOrMakeTemplate(): Promise<{ dataDir: string; dump: string }> {
  const migrations = await readMigrations();
  // The engine's version is pinned in this package's manifest.
  const manifest = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8")) as { dependencies: Record<string, string> };
  const engine = manifest.dependencies["@electric-sql/pglite"] ?? "";
  const key = createHash("sha256")
    .update(engine)
    .update(Object.keys(pgliteExtensions).join())
    .update(migrations.map((m) => `${m.name}:${m.checksum}`).join())
    .digest("hex")
    .slice(0, 16);
  const home = join(tmpdir(), `park-pglite-template-${key}`);
  const found = { dataDir: join(home, "db"), dump: join(home, "db.tar") };
  if (await exists(home)) return found;

  // Built beside, then renamed into place: a process that finds the folder finds it whole.
  const building = `${home}.${process.pid}.${randomBytes(4).toString("hex")}`;
  try {
    const db = await openDatabase({ dataDir: join(building, "db") });
    await db.migrate();
    await db.close();
    const copy = await PGlite.create(join(building, "db"), { extensions: pgliteExtensions });
    const dump = await copy.dumpDataDir("none");
    await copy.close();
    await writeFile(join(building, "db.tar"), Buffer.from(await dump.arrayBuffer()));
    await rename(building, home).catch(async (error: NodeJS.ErrnoException) => {
      // Another process got there first with the same template.
      if (!(await exists(home))) throw error;
    });
  } finally {
    await rm(building, { recursive: true, force: true });
  }
  return found;
}

/** A fresh DATA_DIR/db for a server process, copied from the template. */
export async function copyPgliteTemplate(to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  await cp((await pgliteTemplate()).dataDir, to, { recursive: true });
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

let templateDump: Promise<Blob> | undefined;

export async function openTestDatabase(kind: "pglite" | "postgres", options: Pick<DatabaseOptions, "onQuery"> = {}): Promise<TestDatabase> {
  if (kind === "pglite") {
    templateDump ??= pgliteTemplate().then(async ({ dump }) => new Blob([await readFile(dump)]));
    const db = await openDatabase({ dataDir: "memory://", from: await templateDump, ...options });
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
