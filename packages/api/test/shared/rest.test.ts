// The REST surface is read off the procedures' meta: every procedure but the
// subscriptions must be on it, each method and path must name one procedure,
// and REST requests are read as the document describes them, without
// changing what the procedures' schemas (and so tRPC) accept.
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { reservationCreateInput } from "../../src/domains/reservations/schemas.ts";
import { sessionListInput } from "../../src/domains/sessions/schemas.ts";
import { appRouter } from "../../src/root.ts";
import { appCodeOf } from "../../src/wire/errors.ts";
import { procedureKinds } from "../../src/wire/kinds.ts";
import { createRestSurface, readRestInput, type RestRoute } from "../../src/wire/rest.ts";

const surface = createRestSurface(appRouter);
const routeOf = (procedure: string) => surface.routes.find((route) => route.procedure === procedure)!;
const noQuery = new URLSearchParams();

/** Reads a request as the REST surface would, or returns the error it answers with. */
function read(route: RestRoute, pathValues: Record<string, string>, query: URLSearchParams, body: unknown): unknown {
  try {
    return readRestInput(route, pathValues, query, body);
  } catch (error) {
    return error;
  }
}

describe("the REST surface", () => {
  it("has every procedure but the subscriptions, queries as GET and mutations as POST, PATCH or DELETE", () => {
    const onRest = Object.fromEntries(
      surface.routes.map((route) => [route.procedure, route.type === "query" ? route.method === "GET" : route.method !== "GET"]),
    );
    const expected = Object.fromEntries([...procedureKinds].filter(([, kind]) => kind !== "subscription").map(([path]) => [path, true]));
    expect(onRest, "a procedure without `.meta({ openapi })` is missing here").toEqual(expected);
  });

  it("answers each method and path with one procedure, and describes each in the document", () => {
    for (const route of surface.routes) {
      const example = route.template.replace(/\{[^}]+\}/g, "x");
      const claimants = surface.routes.filter((other) => other.method === route.method && other.pattern.test(example)).map((other) => other.procedure);
      expect(claimants, `${route.method} ${route.template}`).toEqual([route.procedure]);
      expect(surface.match(route.method, example)).toMatchObject({ route: { procedure: route.procedure } });
      expect(surface.document.paths?.[route.template]?.[route.method.toLowerCase() as "get"]?.operationId).toBe(route.procedure.replaceAll(".", "-"));
    }
  });

  it("tells a method the path does not take from a path that does not exist", () => {
    expect(surface.match("DELETE", "/reservations")).toEqual({ allowed: ["POST", "GET"] });
    expect(surface.match("GET", "/reservations/x/y")).toBeNull();
  });
});

describe("REST input", () => {
  it("reads ISO-8601 date-times in a body as instants, and leaves anything else for the schema to refuse", () => {
    const body = (startsAt: string) => ({ lotId: "l", vehicleId: "v", startsAt, endsAt: "2026-05-01T10:30:00+02:00" });
    expect(read(routeOf("reservations.create"), {}, noQuery, body("2026-05-01T09:00:00.5Z"))).toEqual({
      ...body(""),
      startsAt: new Date("2026-05-01T09:00:00.500Z"),
      endsAt: new Date("2026-05-01T08:30:00.000Z"),
    });
    for (const notAnInstant of ["2026-05-01", "2026-05-01T09:00:00", "2026-02-30T09:00:00Z", "2026-05-01T24:00:00Z", "tomorrow"]) {
      expect(read(routeOf("reservations.create"), {}, noQuery, body(notAnInstant)), notAnInstant).toMatchObject({ startsAt: notAnInstant });
    }
  });

  it("reads numbers, booleans, instants and deepObject filters from a query string, and path parameters as text", () => {
    const query = new URLSearchParams("limit=5&active=false&lotId=123");
    expect(read(routeOf("sessions.list"), {}, query, undefined)).toEqual({ limit: 5, active: false, lotId: "123" });
    expect(read(routeOf("sessions.list"), {}, new URLSearchParams("limit=5x&active=no"), undefined)).toEqual({ limit: "5x", active: "no" });
    const near = new URLSearchParams("near[lat]=38.7&near[lng]=-9.14&near[radiusKm]=2.5&city=Lisboa");
    expect(read(routeOf("lots.list"), {}, near, undefined)).toEqual({ near: { lat: 38.7, lng: -9.14, radiusKm: 2.5 }, city: "Lisboa" });
    const window = new URLSearchParams("from=2026-05-01T09:00:00Z&to=2026-05-01T10:00:00Z");
    expect(read(routeOf("lots.availability"), { lotId: "7" }, window, undefined)).toEqual({
      lotId: "7",
      from: new Date("2026-05-01T09:00:00Z"),
      to: new Date("2026-05-01T10:00:00Z"),
    });
  });

  it("keeps any query name an own key of a plain object", () => {
    const input = read(routeOf("spots.list"), {}, new URLSearchParams("__proto__[polluted]=1&constructor=2"), undefined) as Record<string, unknown>;
    expect(Object.getPrototypeOf(input)).toBe(Object.prototype);
    expect(Object.keys(input)).toEqual(["constructor", "__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("refuses a body that is not an object, and one that repeats a path parameter", () => {
    for (const body of [null, [], "x", 3]) {
      const error = read(routeOf("sessions.pay"), { id: "s" }, noQuery, body) as TRPCError;
      expect(appCodeOf(error), JSON.stringify(body)).toBe("MALFORMED_INPUT");
    }
    const repeated = read(routeOf("sessions.pay"), { id: "s" }, noQuery, { id: "other", method: "card" }) as TRPCError;
    expect(repeated).toBeInstanceOf(TRPCError);
    expect(repeated.code).toBe("BAD_REQUEST");
    expect(read(routeOf("sessions.pay"), { id: "s" }, noQuery, { method: "card" })).toEqual({ id: "s", method: "card" });
  });

  it("leaves the procedures' schemas as strict as tRPC needs them", () => {
    for (const route of surface.routes) read(route, {}, new URLSearchParams("limit=5&active=true&from=2026-05-01T09:00:00Z"), {});
    const when = "2026-05-01T09:00:00Z";
    const ids = { lotId: crypto.randomUUID(), vehicleId: crypto.randomUUID() };
    expect(reservationCreateInput.safeParse({ ...ids, startsAt: when, endsAt: when }).success).toBe(false);
    expect(sessionListInput.safeParse({ limit: "5" }).success).toBe(false);
    expect(sessionListInput.safeParse({ active: "false" }).success).toBe(false);
  });
});
