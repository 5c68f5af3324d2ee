// Who may call what, over real HTTP, for every procedure the router has. A
// procedure missing from the table fails the first test until it is listed.
import { randomBytes } from "node:crypto";
import { appRouter } from "@park/api";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  anonymousClient,
  errorCode,
  outcome,
  rawTokenClient,
  register,
  startServer,
  subscriptionOutcome,
  unique,
  type Account,
  type ParkClient,
  type TestServer,
} from "./helpers.ts";

type Role = "anonymous" | "user" | "attendant" | "admin";
type Access = "public" | "user" | "attendant" | "admin";
type Outcome = "allowed" | "UNAUTHORIZED" | "FORBIDDEN";

const roles: Role[] = ["anonymous", "user", "attendant", "admin"];
const rank: Record<Role, number> = { anonymous: 0, user: 1, attendant: 2, admin: 3 };

function expected(access: Access, role: Role): Outcome {
  if (access === "public") return "allowed";
  if (role === "anonymous") return "UNAUTHORIZED";
  return rank[role] >= rank[access] ? "allowed" : "FORBIDDEN";
}

interface Caller {
  role: Role;
  client: ParkClient;
  /** Header sent by this caller, for calls made without the SDK. */
  authorization: string | undefined;
  /** Who owns records made for this call: the caller, or a bystander for anonymous. */
  owner: Account;
}

interface Row {
  access: Access;
  /** A valid input for this caller; records it needs are created fresh. */
  input?: (caller: Caller) => Promise<unknown> | unknown;
}

let server: TestServer;
let admin: Account;
let parkLot: { id: string; levelId: string; rowId: string; spotId: string };
let walkLot: string;
let counter = 0;

const hour = 3_600_000;
const plate = () => `P${(++counter).toString(36)}${randomBytes(3).toString("hex")}`.toUpperCase().slice(0, 12);

async function newLot(capacity = 2) {
  return admin.client.lots.create.mutate({ name: unique("Lot "), address: "1 Test Road", city: "Testville", hourlyRateCents: 300, capacity });
}
async function newVehicle(owner: Account) {
  return (await owner.client.vehicles.create.mutate({ plate: plate() })).id;
}
async function newReservation(owner: Account) {
  const startsAt = new Date(Date.now() + 24 * hour + ++counter * 2 * hour);
  const created = await owner.client.reservations.create.mutate({
    lotId: parkLot.id,
    vehicleId: await newVehicle(owner),
    startsAt,
    endsAt: new Date(startsAt.getTime() + hour),
  });
  return created.id;
}
async function newSession(owner: Account) {
  return (await owner.client.sessions.start.mutate({ lotId: walkLot, vehicleId: await newVehicle(owner) })).id;
}
/** A session long past the grace period, ended and waiting for payment. */
async function endedSession(owner: Account) {
  const id = await newSession(owner);
  await server.prisma.parkingSession.update({ where: { id }, data: { startedAt: new Date(Date.now() - 2 * hour) } });
  const ended = await owner.client.sessions.end.mutate({ id });
  expect(ended.paymentStatus).toBe("unpaid");
  return id;
}
const window = () => ({ from: new Date(Date.now() + 2 * hour), to: new Date(Date.now() + 3 * hour) });

const matrix: Record<string, Row> = {
  "health.check": { access: "public" },

  "auth.register": {
    access: "public",
    input: () => {
      const username = unique("reg_");
      return { username, email: `${username}@example.com`, password: "password123" };
    },
  },
  "auth.login": { access: "public", input: ({ owner }) => ({ login: owner.username, password: owner.password }) },
  "auth.refresh": {
    access: "public",
    input: async ({ owner }) => ({
      refreshToken: (await anonymousClient(server.url).auth.login.mutate({ login: owner.email, password: owner.password })).refreshToken,
    }),
  },
  "auth.logout": {
    access: "public",
    input: async ({ owner }) => ({
      refreshToken: (await anonymousClient(server.url).auth.login.mutate({ login: owner.email, password: owner.password })).refreshToken,
    }),
  },
  "auth.me": { access: "user" },
  // The same password again: allowed callers succeed without changing anything the other rows rely on.
  "auth.changePassword": { access: "user", input: ({ owner }) => ({ currentPassword: owner.password, newPassword: owner.password }) },

  "lots.list": { access: "public", input: () => ({}) },
  "lots.byId": { access: "public", input: () => ({ id: parkLot.id }) },
  "lots.create": { access: "admin", input: () => ({ name: unique("New lot "), address: "2 Test Road", city: "Testville", hourlyRateCents: 250, capacity: 3 }) },
  "lots.update": { access: "admin", input: async () => ({ id: (await newLot()).id, name: unique("Renamed ") }) },
  "lots.delete": { access: "admin", input: async () => ({ id: (await newLot()).id }) },
  "lots.availability": { access: "public", input: () => ({ lotId: parkLot.id, ...window() }) },
  "lots.occupancy": { access: "attendant", input: () => ({ lotId: parkLot.id }) },
  "lots.onAvailability": { access: "public", input: () => ({ lotId: parkLot.id }) },

  "levels.list": { access: "public", input: () => ({ lotId: parkLot.id }) },
  "levels.create": { access: "admin", input: () => ({ lotId: parkLot.id, name: unique("Level ") }) },
  "rows.list": { access: "public", input: () => ({ levelId: parkLot.levelId }) },
  "rows.create": { access: "admin", input: () => ({ levelId: parkLot.levelId, name: unique("Row "), spots: 1 }) },
  "spots.list": { access: "public", input: () => ({ lotId: parkLot.id }) },
  "spots.create": { access: "admin", input: () => ({ rowId: parkLot.rowId, label: `S${(++counter).toString(36)}${randomBytes(2).toString("hex")}` }) },
  "spots.setOutOfService": { access: "attendant", input: () => ({ id: parkLot.spotId, outOfService: false }) },

  "vehicles.list": { access: "user" },
  "vehicles.create": { access: "user", input: () => ({ plate: plate() }) },
  "vehicles.remove": { access: "user", input: async ({ owner }) => ({ id: await newVehicle(owner) }) },

  "reservations.quote": { access: "public", input: () => ({ lotId: parkLot.id, startsAt: window().from, endsAt: window().to }) },
  "reservations.create": {
    access: "user",
    input: async ({ owner }) => {
      const startsAt = new Date(Date.now() + 24 * hour + ++counter * 2 * hour);
      return { lotId: parkLot.id, vehicleId: await newVehicle(owner), startsAt, endsAt: new Date(startsAt.getTime() + hour) };
    },
  },
  "reservations.list": { access: "user", input: () => ({}) },
  "reservations.byId": { access: "user", input: async ({ owner }) => ({ id: await newReservation(owner) }) },
  "reservations.cancel": { access: "user", input: async ({ owner }) => ({ id: await newReservation(owner) }) },

  "sessions.start": { access: "user", input: async ({ owner }) => ({ lotId: walkLot, vehicleId: await newVehicle(owner) }) },
  "sessions.end": { access: "user", input: async ({ owner }) => ({ id: await newSession(owner) }) },
  "sessions.pay": { access: "user", input: async ({ owner }) => ({ id: await endedSession(owner), method: "card" }) },
  "sessions.list": { access: "user", input: () => ({}) },

  "gate.enter": { access: "attendant", input: () => ({ lotId: walkLot, plate: plate() }) },
  "gate.exit": {
    access: "attendant",
    input: async () => {
      const entering = plate();
      await admin.client.gate.enter.mutate({ lotId: walkLot, plate: entering });
      return { lotId: walkLot, plate: entering };
    },
  },

  "exports.history": { access: "user", input: () => ({}) },

  "admin.users.list": { access: "admin", input: () => ({ search: "u_" }) },
  "admin.users.update": { access: "admin", input: async () => ({ id: (await register(server, "user", "upd")).id, role: "user" }) },
  "admin.audit.list": { access: "admin", input: () => ({ action: "lot.create" }) },
  "admin.reports.summary": { access: "admin", input: () => ({ from: "2026-03-28", to: "2026-03-30", lotId: parkLot.id }) },
  "admin.jobs.run": { access: "admin", input: () => ({ job: "dailyAdminReport" }) },
  "admin.jobs.list": { access: "admin", input: () => ({ job: "dailyAdminReport" }) },
  "admin.mail.list": { access: "admin", input: () => ({ status: "dead" }) },
  "admin.mail.retry": {
    access: "admin",
    input: async ({ owner }) => {
      const reservationId = await newReservation(owner);
      const [dead] = await server.prisma.outboxMessage.updateManyAndReturn({
        where: { payload: { equals: { reservationId } } },
        data: { status: "dead", attempts: 8, lastError: "421 try later" },
      });
      return { id: dead!.id };
    },
  },
};

// Typed as the nested router record, but at run time a flat map keyed by dotted path.
const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: "query" | "mutation" | "subscription" } }>;

async function callThroughSdk(client: ParkClient, path: string, type: "query" | "mutation", input: unknown): Promise<unknown> {
  const node = path.split(".").reduce<unknown>((at, key) => (at as Record<string, unknown>)[key], client) as {
    query(input: unknown): Promise<unknown>;
    mutate(input: unknown): Promise<unknown>;
  };
  return type === "query" ? node.query(input) : node.mutate(input);
}

const callers = new Map<Role, Caller>();

beforeAll(async () => {
  server = await startServer("pglite");
  admin = await register(server, "admin", "adm");
  const [user, attendant, bystander] = await Promise.all([
    register(server, "user", "usr"),
    register(server, "attendant", "att"),
    register(server, "user", "bys"),
  ]);

  const lot = await newLot(60);
  const spots = await admin.client.spots.list.query({ lotId: lot.id, limit: 1 });
  parkLot = { id: lot.id, levelId: lot.levels[0]!.id, rowId: lot.levels[0]!.rows[0]!.id, spotId: spots.items[0]!.id };
  walkLot = (await newLot(60)).id;

  const signedIn = (role: Role, account: Account): Caller => {
    const authorization = `Bearer ${account.tokens.accessToken}`;
    return { role, client: rawTokenClient(server.url, authorization), authorization, owner: account };
  };
  callers.set("anonymous", { role: "anonymous", client: anonymousClient(server.url), authorization: undefined, owner: bystander });
  callers.set("user", signedIn("user", user));
  callers.set("attendant", signedIn("attendant", attendant));
  callers.set("admin", signedIn("admin", admin));
});

afterAll(async () => {
  await server?.stop();
});

test("the matrix lists exactly the procedures of appRouter", () => {
  expect(Object.keys(matrix).sort()).toEqual(Object.keys(procedures).sort());
});

describe("on REST (/api/v1)", () => {
  type Operation = { operationId: string; security?: unknown[] };
  let operations: Map<string, { method: string; template: string; operation: Operation }>;

  beforeAll(async () => {
    const document = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, Operation>> };
    operations = new Map(
      Object.entries(document.paths).flatMap(([template, item]) =>
        Object.entries(item).map(([method, operation]) => [operation.operationId.replaceAll("-", "."), { method: method.toUpperCase(), template, operation }]),
      ),
    );
  });

  test("every procedure but the subscriptions has a path, asking for a token exactly when it is not public", () => {
    for (const [path, row] of Object.entries(matrix)) {
      const rest = operations.get(path);
      if (procedures[path]!._def.type === "subscription") {
        expect(rest, `${path} is a subscription`).toBeUndefined();
        continue;
      }
      expect(rest, `${path} has no REST path: give it .meta({ openapi: { method, path } }) in its router`).toBeDefined();
      expect(rest!.operation.security !== undefined, `${path}: whether the document asks for a token`).toBe(row.access !== "public");
    }
  });

  // An admin may call everything: each procedure answers on its path with the matrix's input,
  // sent as a REST client would send it.
  test.each(Object.keys(matrix).filter((path) => procedures[path]!._def.type !== "subscription"))("%s as admin → allowed", async (path) => {
    const { method, template } = operations.get(path)!;
    const caller = callers.get("admin")!;
    const input = { ...((await matrix[path]!.input?.(caller)) as Record<string, unknown> | undefined) };
    const url = `${server.url}/api/v1${template.replace(/\{([^}]+)\}/g, (_, name: string) => {
      const value = String(input[name]);
      delete input[name];
      return encodeURIComponent(value);
    })}`;
    const headers: Record<string, string> = { authorization: caller.authorization! };
    let response: Response;
    if (method === "GET" || method === "DELETE") {
      const query = new URLSearchParams();
      for (const [key, value] of Object.entries(input)) {
        if (value instanceof Date) query.set(key, value.toISOString());
        else if (value !== null && typeof value === "object") for (const [field, inner] of Object.entries(value)) query.set(`${key}[${field}]`, String(inner));
        else query.set(key, String(value));
      }
      response = await fetch(`${url}?${query}`, { method, headers });
    } else {
      response = await fetch(url, { method, headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify(input) });
    }
    expect(response.status, `${method} ${template}: ${(await response.text()).slice(0, 500)}`).toBe(200);
  });

  // Who may not call a procedure is refused before its input is read, so no input is needed to see it.
  const refusals = Object.entries(matrix).flatMap(([path, row]) =>
    roles.flatMap((role) => {
      const want = expected(row.access, role);
      return want === "allowed" ? [] : [[path, role, want] as const];
    }),
  );

  test.each(refusals)("%s as %s → %s", async (path, role, want) => {
    const rest = operations.get(path);
    if (!rest) return expect(procedures[path]!._def.type).toBe("subscription");
    const authorization = callers.get(role)!.authorization;
    const response = await fetch(`${server.url}/api/v1${rest.template.replace(/\{[^}]+\}/g, "00000000-0000-4000-8000-000000000000")}`, {
      method: rest.method,
      headers: authorization ? { authorization } : {},
    });
    const problem = (await response.json()) as { code: string };
    expect([response.status, problem.code]).toEqual(want === "UNAUTHORIZED" ? [401, want] : [403, want]);
  });
});

describe.each(Object.entries(matrix))("%s", (path, row) => {
  test.each(roles.map((role) => [role, expected(row.access, role)] as const))("as %s → %s", async (role, want) => {
    const procedure = procedures[path];
    expect(procedure, `${path} is not a procedure of appRouter`).toBeDefined();
    const caller = callers.get(role)!;
    const input = await row.input?.(caller);
    const type = procedure!._def.type;
    const result =
      type === "subscription"
        ? await subscriptionOutcome(server.url, path, input, caller.authorization)
        : await outcome(callThroughSdk(caller.client, path, type, input));
    expect(result === "ok" ? "allowed" : result, `${path} as ${role}`).toBe(want);
  });
});

describe("records of another user are NOT_FOUND to a plain user, and stay untouched", () => {
  const owned: [string, (owner: Account) => Promise<{ input: unknown; untouched: () => Promise<void> }>][] = [
    [
      "vehicles.remove",
      async (owner) => {
        const id = await newVehicle(owner);
        return { input: { id }, untouched: async () => expect((await owner.client.vehicles.list.query()).some((v) => v.id === id)).toBe(true) };
      },
    ],
    [
      "reservations.byId",
      async (owner) => {
        const id = await newReservation(owner);
        return { input: { id }, untouched: async () => expect((await owner.client.reservations.byId.query({ id })).status).toBe("confirmed") };
      },
    ],
    [
      "reservations.cancel",
      async (owner) => {
        const id = await newReservation(owner);
        return { input: { id }, untouched: async () => expect((await owner.client.reservations.byId.query({ id })).status).toBe("confirmed") };
      },
    ],
    [
      "reservations.create",
      async (owner) => {
        const startsAt = new Date(Date.now() + 48 * hour);
        const vehicleId = await newVehicle(owner);
        return {
          input: { lotId: parkLot.id, vehicleId, startsAt, endsAt: new Date(startsAt.getTime() + hour) },
          // Nobody may hold a booking for the victim's vehicle: neither the victim nor the caller.
          untouched: async () => {
            expect((await owner.client.reservations.list.query({})).items).toHaveLength(0);
            const theirs = await callers.get("user")!.client.reservations.list.query({});
            expect(theirs.items.some((r) => r.vehicle.id === vehicleId)).toBe(false);
          },
        };
      },
    ],
    [
      "sessions.start",
      async (owner) => {
        const vehicleId = await newVehicle(owner);
        return {
          input: { lotId: walkLot, vehicleId },
          untouched: async () => expect((await owner.client.sessions.list.query({ active: true })).items).toHaveLength(0),
        };
      },
    ],
    [
      "sessions.end",
      async (owner) => {
        const id = await newSession(owner);
        return {
          input: { id },
          untouched: async () => {
            const mine = await owner.client.sessions.list.query({ active: true });
            expect(mine.items.some((s) => s.id === id)).toBe(true);
            await owner.client.sessions.end.mutate({ id });
          },
        };
      },
    ],
    [
      "sessions.pay",
      async (owner) => {
        const id = await endedSession(owner);
        return {
          input: { id, method: "card" },
          untouched: async () => {
            const mine = await owner.client.sessions.list.query({});
            expect(mine.items.find((s) => s.id === id)?.paymentStatus).toBe("unpaid");
          },
        };
      },
    ],
  ];

  test.each(owned)("%s", async (path, make) => {
    const victim = await register(server, "user", "vic");
    const { input, untouched } = await make(victim);
    const type = procedures[path]!._def.type as "query" | "mutation";
    const result = await outcome(callThroughSdk(callers.get("user")!.client, path, type, input));
    expect(result).toBe("NOT_FOUND");
    await untouched();
  });

  test("the caller's own records are found, so NOT_FOUND above is about ownership", async () => {
    const me = callers.get("user")!.owner;
    const id = await newReservation(me);
    expect((await me.client.reservations.byId.query({ id })).id).toBe(id);
    expect(
      errorCode(await callThroughSdk(me.client, "reservations.byId", "query", { id: "00000000-0000-4000-8000-000000000000" }).catch((e: unknown) => e)),
    ).toBe("NOT_FOUND");
  });
});
