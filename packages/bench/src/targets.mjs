// What each target sends. A target either cycles through fixed requests
// (cheap for the load generator) or draws every request from `next()` when
// requests must differ globally, as bookings and logins do.
import superjson from "superjson";
import { benchPassword } from "./seed.mjs";

const json = { "content-type": "application/json" };
const hour = 3_600_000;

export const targetNames = ["baseline", "health.check", "lots.list", "lots.byId", "lots.availability", "auth.me", "reservations.create", "auth.login"];

const query = (path, input) =>
  input === undefined ? `/trpc/${path}` : `/trpc/${path}?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`;
const mutation = (path, input, headers = {}) => ({
  method: "POST",
  path: `/trpc/${path}`,
  headers: { ...json, ...headers },
  body: JSON.stringify(superjson.serialize(input)),
});
const bearer = (token) => ({ authorization: `Bearer ${token}` });

/** Logs users in over HTTP, a few at a time (each login is an argon2 verify). */
export async function login(parkUrl, users, parallel = 4) {
  const sessions = [];
  for (let i = 0; i < users.length; i += parallel) {
    const batch = users.slice(i, i + parallel);
    sessions.push(
      ...(await Promise.all(
        batch.map(async (user) => {
          const request = mutation("auth.login", { login: user.username, password: benchPassword });
          const res = await fetch(parkUrl + request.path, request);
          const body = await res.text();
          if (res.status !== 200) throw new Error(`login of ${user.username} failed with ${res.status}: ${body.slice(0, 300)}`);
          return { ...user, accessToken: superjson.deserialize(JSON.parse(body).result.data).accessToken };
        }),
      )),
    );
  }
  return sessions;
}

/**
 * @param signedIn users with an access token; bookings rotate over them, so
 *   with 20 lots each lot takes signedIn.length / 20 bookings per one-hour
 *   slot, far below its 90 car spots.
 */
export function buildTargets({ parkUrl, baselineUrl, lots, users, signedIn, now = Date.now() }) {
  const tomorrow = Math.ceil(now / hour) * hour + 24 * hour;
  const window = { from: new Date(tomorrow + 10 * hour), to: new Date(tomorrow + 12 * hour) };

  let booking = 0;
  const nextBooking = () => {
    const n = booking++;
    const who = signedIn[n % signedIn.length];
    // A user's k-th booking takes the k-th hour from tomorrow: never overlapping for its vehicle.
    const slot = Math.floor(n / signedIn.length);
    const startsAt = new Date(tomorrow + slot * hour);
    const input = { lotId: lots[(n % signedIn.length) % lots.length].id, vehicleId: who.vehicleId, startsAt, endsAt: new Date(startsAt.getTime() + hour) };
    return mutation("reservations.create", input, bearer(who.accessToken));
  };

  let logins = 0;
  const nextLogin = () => {
    const user = users[logins++ % users.length];
    return mutation("auth.login", { login: user.username, password: benchPassword });
  };

  const targets = [
    { name: "baseline", url: baselineUrl, requests: [{ method: "GET", path: "/" }] },
    { name: "health.check", requests: [{ method: "GET", path: query("health.check") }] },
    { name: "lots.list", requests: [{ method: "GET", path: query("lots.list", { limit: 20 }) }] },
    { name: "lots.byId", requests: lots.map((lot) => ({ method: "GET", path: query("lots.byId", { id: lot.id }) })) },
    {
      name: "lots.availability",
      requests: lots.map((lot) => ({ method: "GET", path: query("lots.availability", { lotId: lot.id, ...window }) })),
    },
    { name: "auth.me", requests: signedIn.map((u) => ({ method: "GET", path: query("auth.me"), headers: bearer(u.accessToken) })) },
    { name: "reservations.create", next: nextBooking },
    { name: "auth.login", next: nextLogin },
  ];
  return targets.map((t) => ({ url: parkUrl, ...t }));
}

/** One plain request first: a target that fails outright is a setup error, not a result. */
export async function checkTarget(target) {
  const request = target.next ? target.next() : target.requests[0];
  const res = await fetch(target.url + request.path, { method: request.method, headers: request.headers, body: request.body });
  const body = await res.text();
  if (res.status !== 200) {
    throw new Error(`${target.name}: ${request.method} ${request.path} answered ${res.status}, expected 200:\n  ${body.slice(0, 500)}`);
  }
}

/** The option autocannon takes: dynamic targets rebuild each request from next(). */
export function autocannonRequests(target) {
  return target.next ? [{ setupRequest: (request) => ({ ...request, ...target.next() }) }] : target.requests;
}
