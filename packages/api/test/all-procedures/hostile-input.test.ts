// Inputs crafted to reach the database or the error path in ways validation
// did not foresee: each must be a clear BAD_REQUEST that changes nothing.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ZodError } from "zod";
import { AppError } from "../../src/shared/errors.ts";
import { createLot } from "../../src/domains/lots/service.ts";
import { encodeCursor } from "../../src/shared/paging.ts";
import { fingerprint } from "./fingerprint.ts";
import { createTestApi, databases, type Caller, type TestApi } from "../harness.ts";

const missing = "00000000-0000-4000-8000-000000000000";

const issuesOf = (error: TRPCError) => (error.cause as ZodError).issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);

/** Every item of a paged list, following its cursors to the end. */
async function allPages<T>(page: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const next = await page(cursor);
    items.push(...next.items);
    cursor = next.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

async function failure(call: Promise<unknown>): Promise<TRPCError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

describe.each(databases)("hostile input on %s", (kind) => {
  let api: TestApi;
  let admin: Caller;
  let adminId: string;
  let user: Caller;

  beforeAll(async () => {
    api = await createTestApi(kind);
    const signedIn = await api.signUp("admin");
    admin = signedIn.caller;
    adminId = signedIn.id;
    user = (await api.signUp()).caller;
    await admin.lots.create({ name: "Hostile", address: "1 Main St", city: "Testville", hourlyRateCents: 100, capacity: 3 });
  });
  afterAll(() => api.close());

  /** Runs calls that must all be refused as bad input, and proves nothing changed. */
  async function expectRefused(calls: Record<string, () => Promise<unknown>>) {
    const before = await fingerprint(api.db);
    const outcomes: Record<string, string> = {};
    for (const [name, call] of Object.entries(calls)) {
      try {
        await call();
        outcomes[name] = "accepted";
      } catch (error) {
        outcomes[name] = error instanceof TRPCError ? error.code : `not a TRPCError: ${String(error)}`;
      }
    }
    expect(outcomes).toEqual(Object.fromEntries(Object.keys(calls).map((name) => [name, "BAD_REQUEST"])));
    expect(await fingerprint(api.db)).toEqual(before);
  }

  describe("text", () => {
    const bad = {
      NUL: "a\u0000b",
      bell: "a\u0007b",
      DEL: "a\u007Fb",
      C1: "a\u0085b",
      "lone high surrogate": "a\uD800b",
      "lone low surrogate": "a\uDC00b",
      newline: "a\nb",
    };

    it.each(Object.entries(bad))("refuses %s in every free-text field", async (_, value) => {
      const lot = (await api.anonymous.lots.list({ search: "Hostile" })).items[0]!;
      const level = (await api.anonymous.lots.byId({ id: lot.id })).levels[0]!;
      const lotInput = { name: "Lot", address: "1 Main St", city: "Testville", hourlyRateCents: 100, capacity: 1 };
      await expectRefused({
        "lots.list search": () => api.anonymous.lots.list({ search: value }),
        "lots.list city": () => api.anonymous.lots.list({ city: value }),
        "auth.login login": () => api.anonymous.auth.login({ login: value, password: "password123" }),
        "vehicles.create label": () => user.vehicles.create({ plate: "AB123", label: value }),
        "lots.create name": () => admin.lots.create({ ...lotInput, name: value }),
        "lots.create address": () => admin.lots.create({ ...lotInput, address: value }),
        "lots.create city": () => admin.lots.create({ ...lotInput, city: value }),
        "lots.create amenities": () => admin.lots.create({ ...lotInput, amenities: ["ev", value] }),
        "lots.create level name": () =>
          admin.lots.create({ ...lotInput, capacity: undefined, layout: { levels: [{ name: value, rows: [{ name: "A", spots: 1 }] }] } }),
        "lots.create row name": () =>
          admin.lots.create({ ...lotInput, capacity: undefined, layout: { levels: [{ name: "L", rows: [{ name: value, spots: 1 }] }] } }),
        "lots.update name": () => admin.lots.update({ id: lot.id, name: value }),
        "lots.update amenities": () => admin.lots.update({ id: lot.id, amenities: [value] }),
        "levels.create name": () => admin.levels.create({ lotId: lot.id, name: value }),
        "rows.create name": () => admin.rows.create({ levelId: level.id, name: value }),
      });
    });

    it("keeps text that is merely unusual", async () => {
      const name = "Parkhaus Zürich 🅿️ — Süd";
      const created = await admin.lots.create({ name: `  ${name}  `, address: "Bahnhofstrasse 1", city: "Zürich", hourlyRateCents: 100, capacity: 1 });
      expect(created.name).toBe(name);
      expect((await api.anonymous.lots.list({ search: "🅿️" })).items.map((l) => l.name)).toEqual([name]);
    });

    it("asks new passwords to be printable and every password to be well formed", async () => {
      await expectRefused({
        "register with a NUL": () => api.anonymous.auth.register({ username: "nul_pw", email: "nul_pw@example.com", password: "password\u0000123" }),
        "register with a lone surrogate": () => api.anonymous.auth.register({ username: "sur_pw", email: "sur_pw@example.com", password: "password\uD800123" }),
        "login with a lone surrogate": () => api.anonymous.auth.login({ login: "someone", password: "password\uDC00" }),
        "change to a tab": () => user.auth.changePassword({ currentPassword: "password123", newPassword: "pass\tword123" }),
        "change from a lone surrogate": () => user.auth.changePassword({ currentPassword: "\uD800password", newPassword: "password456" }),
      });
      // Control characters in a password being checked are the hash's business, not a reason to refuse.
      expect((await failure(api.anonymous.auth.login({ login: "nobody_here", password: "pass\u0007word" }))).code).toBe("UNAUTHORIZED");
    });
  });

  describe("numbers at the edge of a double", () => {
    it("reads subnormal coordinates as zero and refuses a radius below a metre, where the database would refuse to read them", async () => {
      const tiny = -Number.MIN_VALUE;
      const placed = await admin.lots.create({
        name: "Null Island",
        address: "0, 0",
        city: "Atlantic",
        hourlyRateCents: 100,
        capacity: 1,
        lat: tiny,
        lng: 5e-324,
      });
      expect(placed.location).toEqual({ lat: 0, lng: 0 });
      const near = await api.anonymous.lots.list({ near: { lat: tiny, lng: Number.MIN_VALUE, radiusKm: 1 } });
      expect(near.items.map((lot) => lot.id)).toContain(placed.id);
      await expectRefused({ "a radius of 5e-324 km": () => api.anonymous.lots.list({ near: { lat: 0, lng: 0, radiusKm: Number.MIN_VALUE } }) });
    });
  });

  describe("cursors", () => {
    const cursor = (key: unknown) => encodeCursor(key);

    it("refuses crafted cursors as an invalid cursor on every paged list", async () => {
      const crafted: Record<string, () => Promise<unknown>> = {
        "lots.list with a NUL name": () => api.anonymous.lots.list({ cursor: cursor({ name: "a\u0000", id: missing }) }),
        "lots.list with a lone surrogate": () => api.anonymous.lots.list({ cursor: cursor({ name: "\uD800", id: missing }) }),
        "lots.list with a number name": () => api.anonymous.lots.list({ cursor: cursor({ name: 5, id: missing }) }),
        "lots.list near with a huge distance": () =>
          api.anonymous.lots.list({ near: { lat: 0, lng: 0, radiusKm: 10 }, cursor: cursor({ d: 1e308, id: missing }) }),
        "lots.list near with a negative distance": () =>
          api.anonymous.lots.list({ near: { lat: 0, lng: 0, radiusKm: 10 }, cursor: cursor({ d: -1, id: missing }) }),
        "spots.list with an int4 overflow": () => api.anonymous.spots.list({ cursor: cursor({ level: 1099511627776, row: 0, spot: 0, id: missing }) }),
        "spots.list with 2^31": () => api.anonymous.spots.list({ cursor: cursor({ level: 0, row: 2 ** 31, spot: 0, id: missing }) }),
        "spots.list with a fraction": () => api.anonymous.spots.list({ cursor: cursor({ level: 0, row: 0, spot: 0.5, id: missing }) }),
        "reservations.list in year 0000": () => user.reservations.list({ cursor: cursor({ t: "0000-01-01T00:00:00.000Z", id: missing }) }),
        "reservations.list on 31 February": () => user.reservations.list({ cursor: cursor({ t: "2024-02-31T00:00:00.000Z", id: missing }) }),
        "reservations.list with a bad id": () => user.reservations.list({ cursor: cursor({ t: "2024-02-01T00:00:00.000Z", id: "x" }) }),
        "sessions.list in year 0000": () => user.sessions.list({ cursor: cursor({ t: "0000-01-01T00:00:00.000Z", id: missing }) }),
        "sessions.list in year 9999 and a bit": () => user.sessions.list({ cursor: cursor({ t: "+010000-01-01T00:00:00.000Z", id: missing }) }),
        "sessions.list as an array": () => user.sessions.list({ cursor: cursor([]) }),
        "sessions.list not base64 JSON": () => user.sessions.list({ cursor: "%%%%" }),
        "admin.jobs.list in year 0000": () => admin.admin.jobs.list({ cursor: cursor({ t: "0000-01-01T00:00:00.000Z", id: missing }) }),
      };
      const messages: Record<string, string> = {};
      for (const [name, call] of Object.entries(crafted)) {
        messages[name] = await call().then(
          () => "accepted",
          (error: unknown) => (error instanceof TRPCError ? `${error.code} ${error.message}` : String(error)),
        );
      }
      expect(messages).toEqual(Object.fromEntries(Object.keys(crafted).map((name) => [name, "BAD_REQUEST Invalid cursor"])));
    });

    it("still pages with the cursors it hands out", async () => {
      for (let i = 0; i < 3; i++) await admin.lots.create({ name: `Paged ${i}`, address: "x", city: "Pagetown", hourlyRateCents: 100, capacity: 2 });
      const lots = await allPages((cursor) => api.anonymous.lots.list({ city: "Pagetown", limit: 1, cursor }));
      expect(lots.map((l) => l.name)).toEqual(["Paged 0", "Paged 1", "Paged 2"]);
      const spots = (await allPages((cursor) => api.anonymous.spots.list({ limit: 2, cursor }))).map((s) => s.id);
      expect(new Set(spots).size).toBe(spots.length);
      expect(spots.length).toBeGreaterThanOrEqual(9);
    });

    it("pages past names as long as a lot name may be", async () => {
      const long = (c: string) => c.repeat(120);
      for (const c of ["字", "é", '"']) await admin.lots.create({ name: long(c), address: "x", city: "Longtown", hourlyRateCents: 100, capacity: 1 });
      const lots = await allPages((cursor) => api.anonymous.lots.list({ city: "Longtown", limit: 1, cursor }));
      expect(lots.map((l) => l.name).sort()).toEqual(['"', "é", "字"].map(long).sort());
    });
  });

  describe("layouts", () => {
    const base = { address: "x", city: "Layout City", hourlyRateCents: 100 };

    it("names a duplicate level or row in the layout", async () => {
      const levels = await failure(
        admin.lots.create({
          ...base,
          name: "Dup levels",
          layout: {
            levels: [
              { name: "P1", rows: [{ name: "A", spots: 1 }] },
              { name: " P1 ", rows: [{ name: "A", spots: 1 }] },
            ],
          },
        }),
      );
      expect(levels.code).toBe("BAD_REQUEST");
      expect(issuesOf(levels)).toEqual(['layout.levels.1.name: Level "P1" appears twice']);
      const rows = await failure(
        admin.lots.create({
          ...base,
          name: "Dup rows",
          layout: {
            levels: [
              {
                name: "P1",
                rows: [
                  { name: "A", spots: 1 },
                  { name: "B", spots: 1 },
                  { name: "A", spots: 2 },
                ],
              },
            ],
          },
        }),
      );
      expect(rows.code).toBe("BAD_REQUEST");
      expect(issuesOf(rows)).toEqual(['layout.levels.0.rows.2.name: Row "A" appears twice in level "P1"']);
      expect(await api.anonymous.lots.list({ city: "Layout City" })).toEqual({ items: [], nextCursor: null });
    });

    it("answers CONFLICT if a repeated name reaches the database after all", async () => {
      const layout = {
        levels: [
          { name: "P1", rows: [{ name: "A", spots: 1 }] },
          { name: "P1", rows: [{ name: "B", spots: 1 }] },
        ],
      };
      const error = await createLot(api.deps, { id: adminId, role: "admin", requestId: "backstop" }, { ...base, name: "Backstop", layout }).then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("NAME_TAKEN");
      expect(await api.anonymous.lots.list({ city: "Layout City" })).toEqual({ items: [], nextCursor: null });
    });

    it("tells names apart by case, as the database does", async () => {
      const lot = await admin.lots.create({
        ...base,
        name: "Case",
        layout: {
          levels: [
            {
              name: "p1",
              rows: [
                { name: "a", spots: 1 },
                { name: "A", spots: 1 },
              ],
            },
            { name: "P1", rows: [{ name: "a", spots: 1 }] },
          ],
        },
      });
      expect(lot.levels.map((l) => [l.name, l.rows.map((r) => r.name)])).toEqual([
        ["p1", ["a", "A"]],
        ["P1", ["a"]],
      ]);
    });
  });

  describe("lists without input", () => {
    it("lists with the default page size", async () => {
      await admin.lots.create({ name: "Many", address: "x", city: "y", hourlyRateCents: 100, capacity: 25 });
      const lots = await api.anonymous.lots.list();
      expect(lots.items.length).toBeGreaterThan(0);
      expect((await api.anonymous.spots.list()).items).toHaveLength(20);
      expect(await user.reservations.list()).toEqual({ items: [], nextCursor: null });
      expect(await user.sessions.list()).toEqual({ items: [], nextCursor: null });
    });
  });

  describe("numbers", () => {
    it("refuses negative zero for every whole amount or count", async () => {
      const lot = (await api.anonymous.lots.list({ search: "Hostile" })).items[0]!;
      const level = (await api.anonymous.lots.byId({ id: lot.id })).levels[0]!;
      const lotInput = { name: "Zero", address: "x", city: "y", hourlyRateCents: 100, capacity: 1 };
      await expectRefused({
        hourlyRateCents: () => admin.lots.create({ ...lotInput, hourlyRateCents: -0 }),
        dailyMaxCents: () => admin.lots.create({ ...lotInput, dailyMaxCents: -0 }),
        graceMinutes: () => admin.lots.create({ ...lotInput, graceMinutes: -0 }),
        "update hourlyRateCents": () => admin.lots.update({ id: lot.id, hourlyRateCents: -0 }),
        "rows.create spots": () => admin.rows.create({ levelId: level.id, name: "Zero", spots: -0 }),
      });
    });
  });
});
