// The history download over plain HTTP: the same CSV as exports.history,
// streamed, for the signed-in caller only.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { register, startServer, unique, type TestServer } from "./helpers.ts";

describe("GET /exports/history.csv", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer("pglite");
  });
  afterAll(() => server?.stop());

  const download = (authorization?: string) => fetch(`${server.url}/exports/history.csv`, { headers: authorization ? { authorization } : {} });

  test("streams the caller's own history as an attachment, the same CSV the procedure answers", async () => {
    const admin = await register(server, "admin");
    const driver = await register(server);
    const lot = await admin.client.lots.create.mutate({ name: unique("Export "), address: "1 Stream St", city: "Csvtown", hourlyRateCents: 300, capacity: 2 });
    const car = await driver.client.vehicles.create.mutate({ plate: unique("DL").slice(0, 10).toUpperCase() });
    const session = await driver.client.sessions.start.mutate({ lotId: lot.id, vehicleId: car.id });

    const res = await download(`Bearer ${driver.tokens.accessToken}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="park-history-\d{4}-\d{2}-\d{2}\.csv"$/);
    const csv = await res.text();
    expect(csv.split("\r\n")[1]).toMatch(new RegExp(`^session,${session.id},`));
    const { csv: same } = await driver.client.exports.history.mutate({});
    expect(csv).toBe(same);
    // The admin's own history is empty: a header and nothing else.
    const own = await (await download(`Bearer ${admin.tokens.accessToken}`)).text();
    expect(own.trim().split("\r\n")).toHaveLength(1);
  });

  test("refuses a missing or bad token, and a disabled account at once, with the API's codes", async () => {
    const missing = await download();
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ error: { code: "UNAUTHORIZED", appCode: "UNAUTHENTICATED" } });
    const forged = await download("Bearer not.a.token");
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ error: { code: "UNAUTHORIZED", appCode: "INVALID_TOKEN" } });
    const driver = await register(server);
    await server.prisma.user.update({ where: { id: driver.id }, data: { disabled: true } });
    const disabled = await download(`Bearer ${driver.tokens.accessToken}`);
    expect(disabled.status).toBe(401);
    expect(await disabled.json()).toMatchObject({ error: { appCode: "INVALID_TOKEN" } });
  });
});
