// lots.onAvailability over real SSE against the built server: one client
// address holds at most MAX_SUBSCRIPTIONS_PER_CLIENT streams, a closed stream
// gives its slot back, and a booking reaches every open stream.
import { timeOnThisMachine } from "@park/db/testing";
import { createParkClient, memoryTokenStore, type ParkClient } from "@park/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnServer, type ServerProcess } from "./processes.ts";
import { openStream, type Event, type Stream } from "./sse.ts";

const cap = 50;
const adminEmail = "admin@live.test";
const adminPassword = "live-updates-admin-1";

describe("live availability over SSE", () => {
  let server: ServerProcess;
  let admin: ParkClient;
  const open: Stream[] = [];
  /** Streams the booking test leaves open for the shutdown test. */
  let watching: Stream[] = [];

  beforeAll(async () => {
    server = await spawnServer({
      name: "live",
      env: {
        JWT_SECRET: "live-updates-suite-secret-0123456789abcdef",
        ADMIN_EMAIL: adminEmail,
        ADMIN_PASSWORD: adminPassword,
        MAX_SUBSCRIPTIONS_PER_CLIENT: String(cap),
        // The suite speaks for several client addresses through X-Forwarded-For.
        TRUST_PROXY: "loopback",
      },
    });
    await server.ready();
    const signedIn = await createParkClient({ url: server.url, tokens: null }).auth.login.mutate({ login: adminEmail, password: adminPassword });
    admin = createParkClient({ url: server.url, tokens: memoryTokenStore(signedIn) });
  });

  afterAll(async () => {
    await Promise.all(open.map((stream) => stream.close()));
    await server?.stop();
  });

  function subscribe(lotId: string, clientAddress: string) {
    const stream = openStream(server.url, lotId, clientAddress);
    open.push(stream);
    return stream;
  }

  it(`refuses stream ${cap + 1} of one address, takes another address's, and frees a slot when a stream closes`, async () => {
    const lot = await admin.lots.create.mutate({ name: "Live cap", address: "x", city: "Streamtown", hourlyRateCents: 100, capacity: 3 });
    const address = "203.0.113.7";
    const streams = Array.from({ length: cap }, () => subscribe(lot.id, address));
    const first = await Promise.all(streams.map((stream) => stream.next()));
    expect(first.map((event) => (event.kind === "data" ? event.value.available : event))).toEqual(Array(cap).fill(3));

    const refused = await subscribe(lot.id, address).next();
    expect(refused).toEqual({ kind: "error", code: "TOO_MANY_REQUESTS", appCode: "TOO_MANY_SUBSCRIPTIONS" });

    const elsewhere = subscribe(lot.id, "203.0.113.8");
    expect(await elsewhere.next()).toMatchObject({ kind: "data", value: { lotId: lot.id, available: 3 } });
    await elsewhere.close();

    await streams.pop()!.close();
    // The server notices the closed socket on its own time; until then the slot is still held.
    const deadline = Date.now() + 5_000;
    let accepted: Event | undefined;
    while (Date.now() < deadline) {
      const again = subscribe(lot.id, address);
      const event = await again.next();
      if (event.kind === "data") {
        accepted = event;
        break;
      }
      expect(event).toMatchObject({ appCode: "TOO_MANY_SUBSCRIPTIONS" });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(accepted).toMatchObject({ kind: "data", value: { available: 3 } });
    expect(await subscribe(lot.id, address).next()).toMatchObject({ kind: "error", appCode: "TOO_MANY_SUBSCRIPTIONS" });
    await Promise.all(open.splice(0).map((stream) => stream.close()));
  });

  it("a booking made through the API reaches every open stream with the new count", async () => {
    const lot = await admin.lots.create.mutate({ name: "Live booking", address: "x", city: "Streamtown", hourlyRateCents: 100, capacity: 3 });
    const streams = (watching = Array.from({ length: 20 }, (_, i) => subscribe(lot.id, `198.51.100.${i}`)));
    expect((await Promise.all(streams.map((stream) => stream.next()))).every((event) => event.kind === "data" && event.value.available === 3)).toBe(true);

    const driver = await createParkClient({ url: server.url, tokens: null }).auth.register.mutate({
      username: `live_${Date.now().toString(36)}`,
      email: `live_${Date.now().toString(36)}@example.com`,
      password: "live-driver-pass-1",
    });
    const client = createParkClient({ url: server.url, tokens: memoryTokenStore(driver) });
    const vehicle = await client.vehicles.create.mutate({ plate: `LV${Date.now().toString(36).slice(-6)}` });
    const startsAt = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    const booked = await client.reservations.create.mutate({
      lotId: lot.id,
      vehicleId: vehicle.id,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 3_600_000),
    });
    expect(booked.status).toBe("confirmed");

    const updates = await Promise.all(streams.map((stream) => stream.next()));
    for (const update of updates) {
      expect(update).toMatchObject({ kind: "data", value: { lotId: lot.id, available: 2 } });
      if (update.kind === "data") expect(update.value.at).toBeInstanceOf(Date);
    }
  });

  it("shutting the server down cuts the streams still open, so their clients reconnect to another server", async () => {
    expect(watching).toHaveLength(20);
    const {
      value: ends,
      ms,
      slowdown,
    } = await timeOnThisMachine(async () => {
      await server.stop();
      return Promise.all(watching.map((stream) => stream.next()));
    });
    // A clean "return" would complete the subscription and leave the page silent; a cut
    // connection makes tRPC's subscription link (and any EventSource) reconnect.
    for (const end of ends) expect(end).toMatchObject({ kind: "error", code: "STREAM_FAILED", appCode: "TypeError: terminated" });
    // Two seconds on a quiet machine.
    expect(ms).toBeLessThan(2_000 * slowdown);
  });
});
