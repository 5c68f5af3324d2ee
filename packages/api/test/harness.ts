// Builds the API on a throwaway database and hands out callers signed in as
// users of each role, through the same context and middleware HTTP uses.
import { hashPassword, type Role } from "@park/db";
import { openTestDatabase, postgresAvailable, type TestDatabase } from "@park/db/testing";
import { createApi, createContextInner, type Api } from "../src/context.ts";
import { createTokenIssuer } from "../src/domains/auth/tokens.ts";
import { createCaller } from "../src/root.ts";
import type { Clock } from "../src/shared/clock.ts";

export type Caller = ReturnType<typeof createCaller>;

const silent = { info() {}, warn() {}, error() {} };
let passwordHash: Promise<string> | undefined;

export interface TestApi {
  db: TestDatabase;
  deps: Api;
  anonymous: Caller;
  /** A new user of that role and a caller signed in as them. */
  signUp(role?: Role): Promise<{ id: string; caller: Caller }>;
  close(): Promise<void>;
}

let counter = 0;

/** The databases a suite runs on: PGlite always, PostgreSQL when reachable (always under CI). */
export const databases: ("pglite" | "postgres")[] = (await postgresAvailable()) ? ["pglite", "postgres"] : ["pglite"];

export const hour = 3_600_000;
/** A time `hours` from now, rounded to the minute so windows compare cleanly. */
export function inHours(hours: number): Date {
  return new Date(Math.ceil((Date.now() + hours * hour) / 60_000) * 60_000);
}

export async function createTestApi(kind: "pglite" | "postgres", options: { onQuery?: (sql: string) => void; clock?: Clock } = {}): Promise<TestApi> {
  const db = await openTestDatabase(kind, options);
  const tokens = createTokenIssuer({ secret: "x".repeat(48) });
  const deps = createApi({
    db: db.prisma,
    tokens,
    log: silent,
    pingDb: () => db.ping(),
    // As the server does: on PostgreSQL the database relays every committed change.
    changeRelay: db.lotChanges,
    clock: options.clock,
    // Every caller here shares one address: suites that sign up many users or open many streams must not meet its limits.
    limits: { loginFailuresPerAddress: 1_000_000, registrationsPerAddress: 1_000_000, subscriptionsPerClient: Number.MAX_SAFE_INTEGER },
  });
  return {
    db,
    deps,
    anonymous: createCaller(createContextInner(deps)),
    signUp: async (role = "user") => {
      const n = `${Date.now().toString(36)}${counter++}`;
      const user = await db.prisma.user.create({
        data: { username: `${role}_${n}`, email: `${role}_${n}@example.com`, role, passwordHash: await (passwordHash ??= hashPassword("password123")) },
      });
      const accessToken = await tokens.signAccess(user);
      return { id: user.id, caller: createCaller(createContextInner(deps, { accessToken })) };
    },
    close: async () => {
      await deps.close();
      await db.drop();
    },
  };
}
