// Every procedure fed malformed input of every kind: each answer is a clear
// client error and the database is exactly as it was.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "../../src/root.ts";
import { fingerprint } from "./fingerprint.ts";
import { createTestApi, databases, inHours, type Caller, type TestApi } from "../harness.ts";
import { procedurePaths } from "./procedures.ts";

const megabyte = "x".repeat(1024 * 1024);

/** Procedures that take no input at all. */
const withoutInput = ["health.check", "auth.me", "vehicles.list"];

/** Procedures whose every field is optional: no input at all is a valid request. */
const listsWithoutInput = new Set([
  "lots.list",
  "spots.list",
  "reservations.list",
  "sessions.list",
  "admin.users.list",
  "admin.audit.list",
  "exports.history",
  "admin.jobs.list",
  "admin.mail.list",
]);

/** Fields whose absence is itself valid input. */
const optional: Record<string, string[]> = {
  "lots.list": ["city", "limit"],
  "lots.update": ["hourlyRateCents"],
  "rows.create": ["spots"],
  "spots.list": ["lotId", "limit"],
  "reservations.list": ["limit"],
  "sessions.list": ["limit"],
  "admin.users.list": ["search", "role", "disabled", "limit"],
  "admin.users.update": ["role", "disabled"],
  "admin.audit.list": ["action", "actorId", "targetType", "targetId", "from", "to", "limit"],
  "admin.reports.summary": ["lotId"],
  "exports.history": ["email"],
  "admin.jobs.list": ["job", "limit"],
  "admin.mail.list": ["status", "limit"],
};

/** Procedures whose dates filter what happened: any instant of the past is a valid bound. */
const pastIsValid = new Set(["admin.audit.list"]);

/** Malformed versions of a valid input: whole-value and per-field. */
function variants(path: string, valid: Record<string, unknown>): { name: string; input: unknown }[] {
  const out: { name: string; input: unknown }[] = [
    ...(listsWithoutInput.has(path) ? [] : [{ name: "no input", input: undefined }]),
    { name: "null", input: null },
    { name: "a string", input: "x" },
    { name: "an array", input: [valid] },
    { name: "an unknown field", input: { ...valid, isAdmin: true } },
  ];
  for (const key of Object.keys(valid)) {
    const { [key]: _dropped, ...without } = valid;
    if (!optional[path]?.includes(key)) out.push({ name: `${key} missing`, input: without });
    if (typeof valid[key] !== "boolean") out.push({ name: `${key} as boolean`, input: { ...valid, [key]: true } });
    out.push(
      { name: `${key} as 1 MB string`, input: { ...valid, [key]: megabyte } },
      { name: `${key} as negative number`, input: { ...valid, [key]: -1 } },
      { name: `${key} as huge number`, input: { ...valid, [key]: 1e308 } },
      { name: `${key} as fraction`, input: { ...valid, [key]: 0.5 } },
      { name: `${key} as object`, input: { ...valid, [key]: { $gt: "" } } },
      { name: `${key} as invalid date`, input: { ...valid, [key]: new Date("nope") } },
      { name: `${key} as null`, input: { ...valid, [key]: null } },
    );
    const value = valid[key];
    if (value instanceof Date) {
      out.push({ name: `${key} as ISO string`, input: { ...valid, [key]: value.toISOString() } });
      if (!pastIsValid.has(path)) out.push({ name: `${key} a year in the past`, input: { ...valid, [key]: new Date(Date.now() - 365 * 24 * 3600_000) } });
      out.push({ name: `${key} in year 0`, input: { ...valid, [key]: new Date("0000-01-01T00:00:00Z") } });
    }
    if (typeof value === "string") out.push({ name: `${key} as empty string`, input: { ...valid, [key]: "" } });
  }
  return out;
}

type Role = "anonymous" | "user" | "attendant" | "admin";

describe.each(databases)("bad input on %s", (kind) => {
  let api: TestApi;
  let callers: Record<Role, Caller>;
  let valid: Record<string, Record<string, unknown>>;

  beforeAll(async () => {
    api = await createTestApi(kind);
    const admin = (await api.signUp("admin")).caller;
    const user = await api.signUp();
    callers = { anonymous: api.anonymous, user: user.caller, attendant: (await api.signUp("attendant")).caller, admin };
    const lot = await admin.lots.create({ name: "Bad", address: "x", city: "Nowhere", hourlyRateCents: 100, capacity: 2 });
    const level = lot.levels[0]!;
    const row = level.rows[0]!;
    const spot = (await api.anonymous.spots.list({ lotId: lot.id })).items[0]!;
    const vehicle = await user.caller.vehicles.create({ plate: `BAD${Date.now().toString(36).slice(-5)}` });
    const reservation = await user.caller.reservations.create({ lotId: lot.id, vehicleId: vehicle.id, startsAt: inHours(5), endsAt: inHours(6) });
    const window = { startsAt: inHours(10), endsAt: inHours(11) };
    valid = {
      "auth.register": { username: "someone", email: "someone@example.com", password: "password123" },
      "auth.login": { login: "someone", password: "password123" },
      "auth.refresh": { refreshToken: "token" },
      "auth.logout": { refreshToken: "token" },
      "auth.changePassword": { currentPassword: "password123", newPassword: "password456" },
      "lots.list": { city: "Nowhere", limit: 5 },
      "lots.byId": { id: lot.id },
      "lots.create": { name: "N", address: "a", city: "c", hourlyRateCents: 100, capacity: 3 },
      "lots.update": { id: lot.id, hourlyRateCents: 150 },
      "lots.delete": { id: lot.id },
      "lots.availability": { lotId: lot.id, from: window.startsAt, to: window.endsAt },
      "lots.occupancy": { lotId: lot.id },
      "lots.onAvailability": { lotId: lot.id },
      "levels.list": { lotId: lot.id },
      "levels.create": { lotId: lot.id, name: "Roof" },
      "rows.list": { levelId: level.id },
      "rows.create": { levelId: level.id, name: "Z", spots: 2 },
      "spots.list": { lotId: lot.id, limit: 5 },
      "spots.create": { rowId: row.id, label: "99" },
      "spots.setOutOfService": { id: spot.id, outOfService: true },
      "vehicles.create": { plate: "NEW123" },
      "vehicles.remove": { id: vehicle.id },
      "reservations.quote": { lotId: lot.id, ...window },
      "reservations.create": { lotId: lot.id, vehicleId: vehicle.id, ...window },
      "reservations.list": { limit: 5 },
      "reservations.byId": { id: reservation.id },
      "reservations.cancel": { id: reservation.id },
      "sessions.start": { lotId: lot.id, vehicleId: vehicle.id },
      "sessions.end": { id: reservation.id },
      "sessions.pay": { id: reservation.id, method: "card" },
      "sessions.list": { limit: 5 },
      "gate.enter": { lotId: lot.id, plate: "GATE1" },
      "gate.exit": { lotId: lot.id, plate: "GATE1" },
      "exports.history": { email: false },
      "admin.users.list": { search: "bad", role: "user", disabled: false, limit: 5 },
      "admin.users.update": { id: user.id, role: "attendant", disabled: false },
      "admin.audit.list": {
        action: "lot.create",
        actorId: user.id,
        targetType: "lot",
        targetId: lot.id,
        from: new Date(Date.now() - 3_600_000),
        to: new Date(Date.now() + 3_600_000),
        limit: 5,
      },
      "admin.reports.summary": { from: "2026-03-28", to: "2026-03-30", lotId: lot.id },
      "admin.jobs.run": { job: "exportAll" },
      "admin.jobs.list": { job: "exportAll", limit: 5 },
      "admin.mail.list": { status: "dead", limit: 5 },
      "admin.mail.retry": {
        id: (await api.db.prisma.outboxMessage.findFirstOrThrow({ where: { payload: { equals: { reservationId: reservation.id } } } })).id,
      },
    };
  });
  afterAll(() => api.close());

  const roleFor = (path: string): Role =>
    /^(lots\.(create|update|delete)|levels\.create|rows\.create|spots\.create|admin\..*)$/.test(path)
      ? "admin"
      : /^(lots\.occupancy|spots\.setOutOfService|gate\.)/.test(path)
        ? "attendant"
        : /^(auth\.(me|changePassword)|vehicles\.|reservations\.(create|list|byId|cancel)|sessions\.|exports\.)/.test(path)
          ? "user"
          : "anonymous";

  it("covers every procedure that takes input", () => {
    expect([...Object.keys(valid), ...withoutInput].sort()).toEqual(procedurePaths(appRouter));
  });

  it("answers BAD_REQUEST, NOT_FOUND or CONFLICT to every malformed input and changes nothing", async () => {
    const before = await fingerprint(api.db);
    const unexpected: string[] = [];
    for (const [path, input] of Object.entries(valid)) {
      const caller = callers[roleFor(path)] as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
      const [router, procedure] = path.split(".") as [string, string];
      for (const variant of variants(path, input)) {
        try {
          const result = await caller[router]![procedure]!(variant.input);
          // Subscriptions resolve to an iterator without running: only inputs they reject matter here.
          if (path !== "lots.onAvailability") unexpected.push(`${path} with ${variant.name}: accepted`);
          void result;
        } catch (error) {
          const code = error instanceof TRPCError ? error.code : "not a TRPCError";
          if (!["BAD_REQUEST", "NOT_FOUND", "CONFLICT"].includes(code)) unexpected.push(`${path} with ${variant.name}: ${code}`);
        }
      }
    }
    expect(unexpected).toEqual([]);
    expect(await fingerprint(api.db)).toEqual(before);
  }, 120_000);

  it("answers NOT_FOUND for other users' records and unknown ids", async () => {
    const stranger = (await api.signUp()).caller;
    const missing = "00000000-0000-4000-8000-000000000000";
    // Taken before the first attempt starts: each call runs as soon as it is made.
    const before = await fingerprint(api.db);
    const attempts: Promise<unknown>[] = [
      stranger.reservations.byId(valid["reservations.byId"] as { id: string }),
      stranger.reservations.cancel(valid["reservations.cancel"] as { id: string }),
      stranger.vehicles.remove(valid["vehicles.remove"] as { id: string }),
      stranger.reservations.create(valid["reservations.create"] as never),
      stranger.sessions.start(valid["sessions.start"] as never),
      stranger.sessions.end({ id: missing }),
      stranger.sessions.pay({ id: missing, method: "cash" }),
      api.anonymous.lots.byId({ id: missing }),
      api.anonymous.levels.list({ lotId: missing }),
      api.anonymous.rows.list({ levelId: missing }),
      callers.attendant.lots.occupancy({ lotId: missing }),
      callers.attendant.spots.setOutOfService({ id: missing, outOfService: true }),
      callers.attendant.gate.exit({ lotId: missing, plate: "NOPE1" }),
      callers.admin.lots.update({ id: missing, name: "x" }),
      callers.admin.levels.create({ lotId: missing, name: "x" }),
      callers.admin.admin.reports.summary({ from: "2026-03-28", to: "2026-03-30", lotId: missing }),
      callers.admin.admin.mail.retry({ id: missing }),
    ];
    const results = await Promise.allSettled(attempts);
    expect(results.map((r) => (r.status === "rejected" ? (r.reason as TRPCError).code : "fulfilled"))).toEqual(attempts.map(() => "NOT_FOUND"));
    expect(await fingerprint(api.db)).toEqual(before);
  });
});
