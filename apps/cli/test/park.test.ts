// The `park` command end to end: the built CLI against the built server on a
// seeded embedded database, each run a child process of its own.
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createParkClient, errorCode } from "@park/sdk";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { freePort } from "../../server/test/processes.ts";
import { runPark, startSeededServer, type SeededServer } from "./processes.ts";

interface Reservation {
  id: string;
  status: string;
  startsAt: string;
  endsAt: string;
  vehicle: { plate: string };
}

interface LotSummary {
  id: string;
  name: string;
  city: string;
  timezone: string;
  currency: string;
  distanceKm?: number;
}

interface ParkingSession {
  id: string;
  status: string;
  lot: { id: string; name: string };
  spot: { label: string; levelName: string; rowName: string };
  plate: string;
  startedAt: string;
  endedAt: string | null;
  amountCents: number | null;
  paymentStatus: string;
}

/** A day `days` ahead on New York's calendar, and the instant of `hour`:00 there on it. */
function newYorkTime(days: number, hour: number): { local: string; instant: Date } {
  const noonUtc = new Date(Date.now() + days * 86_400_000);
  const day = new Intl.DateTimeFormat("en-CA", { timeZone: "America/New_York", year: "numeric", month: "2-digit", day: "2-digit" }).format(noonUtc);
  const offset = new Intl.DateTimeFormat("en-US", { timeZone: "America/New_York", timeZoneName: "longOffset" })
    .formatToParts(new Date(`${day}T16:00:00Z`))
    .find((part) => part.type === "timeZoneName")!
    .value.replace("GMT", "");
  const clock = `${String(hour).padStart(2, "0")}:00`;
  return { local: `${day}T${clock}`, instant: new Date(`${day}T${clock}:00${offset}`) };
}

/** "15:00" for an instant on the clock of `timeZone`. */
const clockIn = (timeZone: string, instant: Date) =>
  new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(instant);

describe("park", () => {
  let server: SeededServer;
  let home: string;
  let driverConfig: string;
  let adminConfig: string;
  let harbour: LotSummary;
  let riverside: LotSummary;

  beforeAll(async () => {
    [server, home] = await Promise.all([startSeededServer(), mkdtemp(join(tmpdir(), "park-cli-home-"))]);
    driverConfig = join(home, "driver");
    adminConfig = join(home, "admin");
  });
  afterAll(async () => {
    await server?.stop();
    if (home) await rm(home, { recursive: true, force: true });
  });

  /**
   * `park …` as a script on a New York computer would run it: no terminal, the
   * server in PARK_URL, its credentials in `config`.
   */
  const park = (args: string[], config = driverConfig, env: Record<string, string> = {}) =>
    runPark(args, { HOME: home, LANG: "en_US.UTF-8", TZ: "America/New_York", PARK_URL: server.url, PARK_CONFIG_DIR: config, ...env });
  const credentialsOf = async (config: string) =>
    JSON.parse(await readFile(join(config, "credentials.json"), "utf8")) as { url: string; accessToken: string; refreshToken: string };

  test("before signing in: not signed in ends with 3, a usage error with 2, an unreachable server with 1", async () => {
    const port = await freePort();
    const [notSignedIn, missingOption, badTime, noPassword, unreachable] = await Promise.all([
      park(["reservations"]),
      park(["reserve", "--lot", "Harbour Point Garage"]),
      park(["availability", "Harbour Point Garage", "--from", "tomorrow", "--to", "2030-01-01T10:00"]),
      park(["login", "--login", "driver@example.com"]),
      park(["lots", "--url", `http://127.0.0.1:${port}`]),
    ]);
    expect(notSignedIn).toMatchObject({ code: 3, stdout: "" });
    expect(notSignedIn.stderr).toContain("park login");
    expect(missingOption.code).toBe(2);
    expect(missingOption.stderr).toContain("--vehicle");
    expect(badTime.code).toBe(2);
    expect(badTime.stderr).toContain("--from");
    // No terminal to ask on, and no PARK_PASSWORD.
    expect(noPassword.code).toBe(2);
    expect(noPassword.stderr).toContain("PARK_PASSWORD");
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain(`cannot reach the Park server at http://127.0.0.1:${port} (ECONNREFUSED)`);
  });

  test("signs in from a script; the credentials file is readable by its owner only", async () => {
    const login = await park(["login", "--login", "driver@example.com", "--json"], driverConfig, { PARK_PASSWORD: "driverpass123" });
    expect(login.code).toBe(0);
    expect(JSON.parse(login.stdout)).toMatchObject({ username: "driver", email: "driver@example.com", role: "user" });
    expect(login.stdout).not.toContain("accessToken");

    expect((await stat(driverConfig)).mode & 0o777).toBe(0o700);
    expect((await stat(join(driverConfig, "credentials.json"))).mode & 0o777).toBe(0o600);
    expect(await credentialsOf(driverConfig)).toMatchObject({ url: server.url, accessToken: expect.any(String), refreshToken: expect.any(String) });

    const whoami = await park(["whoami"]);
    expect(whoami).toMatchObject({ code: 0, stderr: "" });
    expect(whoami.stdout).toContain("driver (driver@example.com, user)");
  });

  test("lists lots as an aligned table and as the procedure's JSON", async () => {
    const [table, json] = await Promise.all([park(["lots"]), park(["lots", "--json"])]);
    const page = JSON.parse(json.stdout) as { items: LotSummary[]; nextCursor: string | null };
    expect(page.items.map((lot) => lot.city).sort()).toEqual(["Lisbon", "Madrid", "Porto"]);
    harbour = page.items.find((lot) => lot.city === "Lisbon")!;
    riverside = page.items.find((lot) => lot.city === "Madrid")!;

    expect(table.code).toBe(0);
    const [header, ...rows] = table.stdout.trimEnd().split("\n");
    expect(header).toMatch(/^LOT +CITY +FREE +PER HOUR +PER DAY +ID$/);
    expect(rows).toHaveLength(3);
    const harbourRow = rows.find((row) => row.startsWith("Harbour Point Garage"))!;
    expect(harbourRow).toMatch(/ Lisbon +30\/30 +€2\.50 +€18\.00 +[0-9a-f-]{36}$/);
    // Aligned: every row's id starts where the header's ID does.
    for (const row of rows) expect(row.indexOf(row.slice(-36))).toBe(header!.indexOf("ID"));
  });

  test("--city keeps the lots of that city only", async () => {
    const [porto, madrid, nowhere] = await Promise.all([
      park(["lots", "--city", "Porto"]),
      park(["lots", "--city", "Madrid", "--json"]),
      park(["lots", "--city", "Faro"]),
    ]);
    expect(porto).toMatchObject({ code: 0, stderr: "" });
    const [header, ...rows] = porto.stdout.trimEnd().split("\n");
    expect(header).toMatch(/^LOT +CITY +FREE +PER HOUR +PER DAY +ID$/);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(/^Central Station Park +Porto +22\/22 +€1\.80 +€15\.00 +[0-9a-f-]{36}$/);

    expect(madrid.code).toBe(0);
    expect((JSON.parse(madrid.stdout) as { items: LotSummary[] }).items.map((lot) => [lot.name, lot.city])).toEqual([["Riverside Lot", "Madrid"]]);

    expect(nowhere).toMatchObject({ code: 0, stdout: "No lots found.\n" });
  });

  test("--near keeps the lots within the radius, nearest first with their distance; a malformed point is a usage error", async () => {
    const [fromLisbon, fromMadrid, fromPorto, onePart, words, offTheGlobe, radiusAlone] = await Promise.all([
      park(["lots", "--near", "38.7071,-9.1366", "--radius", "600"]),
      park(["lots", "--near", "40.4168, -3.7038", "--radius", "600", "--json"]),
      // Within the default radius of Porto's lot, not of the others 275 and 420 km away.
      park(["lots", "--near", "41.15,-8.61", "--json"]),
      park(["lots", "--near", "38.7"]),
      park(["lots", "--near", "north,west"]),
      park(["lots", "--near", "91,0"]),
      park(["lots", "--radius", "5"]),
    ]);

    expect(fromLisbon).toMatchObject({ code: 0, stderr: "" });
    const [header, ...rows] = fromLisbon.stdout.trimEnd().split("\n");
    expect(header).toMatch(/^LOT +CITY +FREE +PER HOUR +PER DAY +KM +ID$/);
    // Not the name order of a plain listing: Harbour, 275 km to Porto, 503 km to Madrid.
    expect(rows.map((row) => row.split(/ {2,}/)[0])).toEqual(["Harbour Point Garage", "Central Station Park", "Riverside Lot"]);
    expect(rows.map((row) => row.match(/ (\d+\.\d) +[0-9a-f-]{36}$/)?.[1])).toEqual(["0.0", "274.8", "502.9"]);
    for (const row of rows) expect(row.indexOf(row.slice(-36))).toBe(header!.indexOf("ID"));

    expect(fromMadrid.code).toBe(0);
    const nearMadrid = (JSON.parse(fromMadrid.stdout) as { items: LotSummary[] }).items;
    expect(nearMadrid.map((lot) => [lot.name, Math.round(lot.distanceKm!)])).toEqual([
      ["Riverside Lot", 0],
      ["Central Station Park", 421],
      ["Harbour Point Garage", 503],
    ]);

    expect(fromPorto.code).toBe(0);
    expect((JSON.parse(fromPorto.stdout) as { items: LotSummary[] }).items.map((lot) => lot.name)).toEqual(["Central Station Park"]);

    for (const malformed of [onePart, words]) {
      expect(malformed).toMatchObject({ code: 2, stdout: "" });
      expect(malformed.stderr).toContain("--near");
      expect(malformed.stderr).toContain("Use latitude,longitude in degrees");
    }
    // Well formed, but 91° is no latitude: the server refuses it, and the message still names the option.
    expect(offTheGlobe).toMatchObject({ code: 2, stdout: "" });
    expect(offTheGlobe.stderr).toMatch(/^ {2}--near: /m);
    expect(radiusAlone).toMatchObject({ code: 2, stdout: "" });
    expect(radiusAlone.stderr).toContain("--radius needs --near");
  });

  test("reserves in local time, refuses a double booking with 4 and a past window with 2, lists, exports and cancels", async () => {
    const from = newYorkTime(3, 10);
    const to = newYorkTime(3, 12);
    const available = await park(["availability", "Harbour Point Garage", "--from", from.local, "--to", to.local, "--json"]);
    expect(available.code).toBe(0);
    const free = JSON.parse(available.stdout) as { available: number; spots: { lotId: string }[] };
    expect(free.available).toBeGreaterThan(0);
    expect(free.spots.every((spot) => spot.lotId === harbour.id)).toBe(true);

    const reserve = ["reserve", "--lot", harbour.id, "--vehicle", "aa-00 aa", "--from", from.local, "--to", to.local];
    const booked = await park([...reserve, "--json"]);
    expect(booked.code).toBe(0);
    const reservation = JSON.parse(booked.stdout) as Reservation;
    // 10:00 on this computer's clock (New York), whatever the lot's timezone.
    expect(reservation).toMatchObject({
      status: "confirmed",
      startsAt: from.instant.toISOString(),
      endsAt: to.instant.toISOString(),
      vehicle: { plate: "AA00AA" },
    });

    const past = newYorkTime(-2, 10);
    const [twice, inThePast] = await Promise.all([
      park(reserve),
      park(["reserve", "--lot", harbour.id, "--vehicle", "AA00AA", "--from", past.local, "--to", to.local]),
    ]);
    expect(twice).toMatchObject({ code: 4, stdout: "" });
    expect(twice.stderr).toContain("(VEHICLE_DOUBLE_BOOKED)");
    expect(inThePast.code).toBe(2);
    expect(inThePast.stderr).toContain("(WINDOW_IN_PAST)");
    expect(inThePast.stderr).toContain("--from:");

    // The table shows the lot's own clock (Lisbon), not this computer's.
    const listed = await park(["reservations"]);
    expect(listed.code).toBe(0);
    const row = listed.stdout.split("\n").find((line) => line.includes(reservation.id))!;
    expect(row).toContain(`${clockIn("Europe/Lisbon", from.instant)}–${clockIn("Europe/Lisbon", to.instant)}`);
    expect(row).toMatch(/Harbour Point Garage +P0\/A\/\d+ +AA00AA +confirmed +€\d+\.\d\d /);

    const file = join(home, "history.csv");
    const exported = await park(["export", "--out", file]);
    expect(exported.code).toBe(0);
    const csv = (await readFile(file, "utf8")).split("\r\n");
    expect(csv[0]).toBe("record,id,lot,timezone,plate,spot,start (local),end (local),start (UTC),end (UTC),status,amount,currency,payment");
    expect(csv.find((line) => line.includes(reservation.id))).toMatch(/^reservation,.*,Harbour Point Garage,Europe\/Lisbon,AA00AA,/);

    const cancelled = await park(["reservations", "--cancel", reservation.id, "--json"]);
    expect(cancelled.code).toBe(0);
    expect(JSON.parse(cancelled.stdout)).toMatchObject({ id: reservation.id, status: "cancelled" });
    const [again, missing] = await Promise.all([
      park(["reservations", "--cancel", reservation.id]),
      park(["reservations", "--cancel", "00000000-0000-4000-8000-000000000000"]),
    ]);
    expect(again.code).toBe(4);
    expect(again.stderr).toContain("(RESERVATION_NOT_CONFIRMED)");
    expect(missing.code).toBe(5);
  });

  test("renews an expired access token through the SDK, also for the CSV download, and writes the new pair back", async () => {
    const before = await credentialsOf(driverConfig);
    await writeFile(join(driverConfig, "credentials.json"), JSON.stringify({ ...before, accessToken: "expired" }));

    const exported = await park(["export", "--out", "-"]);
    expect(exported).toMatchObject({ code: 0, stderr: "" });
    expect(exported.stdout).toMatch(/^record,id,lot,/);
    const after = await credentialsOf(driverConfig);
    expect(after.url).toBe(server.url);
    expect(after.accessToken).not.toBe("expired");
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect((await stat(join(driverConfig, "credentials.json"))).mode & 0o777).toBe(0o600);
    expect(JSON.parse((await park(["whoami", "--json"])).stdout)).toMatchObject({ username: "driver" });
  });

  test("lists the driver's parking sessions, on the lot's clock, as a table and as JSON", async () => {
    expect(await park(["sessions"])).toMatchObject({ code: 0, stdout: "No parking sessions.\n" });

    // The CLI has no command to park; the driver parks through the API with the CLI's own sign-in.
    const { accessToken } = await credentialsOf(driverConfig);
    const api = createParkClient({ url: server.url, headers: { authorization: `Bearer ${accessToken}` } });
    const [vehicle] = await api.vehicles.list.query();
    const parked = await api.sessions.start.mutate({ lotId: riverside.id, vehicleId: vehicle!.id });

    const [table, json, active] = await Promise.all([park(["sessions"]), park(["sessions", "--json"]), park(["sessions", "--active", "--json"])]);
    expect(table).toMatchObject({ code: 0, stderr: "" });
    const [header, ...rows] = table.stdout.trimEnd().split("\n");
    expect(header).toMatch(/^WHEN \(LOT TIME\) +LOT +SPOT +PLATE +STATUS +AMOUNT +PAYMENT +ID$/);
    expect(rows).toHaveLength(1);
    const { spot } = parked;
    // Madrid's clock, not this computer's (New York); still parked, so no end and no amount yet.
    expect(rows[0]).toContain(` ${clockIn("Europe/Madrid", parked.startedAt)} GMT+`);
    expect(rows[0]).toContain(" – now ");
    expect(rows[0]).toMatch(new RegExp(` Riverside Lot +${spot.levelName}/${spot.rowName}/${spot.label} +AA00AA +active +– +unpaid +${parked.id}$`));

    expect(json.code).toBe(0);
    const page = JSON.parse(json.stdout) as { items: ParkingSession[]; nextCursor: string | null };
    expect(page.nextCursor).toBeNull();
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({
      id: parked.id,
      status: "active",
      lot: { id: riverside.id, name: "Riverside Lot" },
      spot: { label: spot.label, levelName: spot.levelName, rowName: spot.rowName },
      plate: "AA00AA",
      startedAt: parked.startedAt.toISOString(),
      endedAt: null,
      amountCents: null,
      paymentStatus: "unpaid",
    });
    expect((JSON.parse(active.stdout) as { items: ParkingSession[] }).items.map((item) => item.id)).toEqual([parked.id]);
  });

  test("the back office: an admin's report and users; a driver is refused with 3", async () => {
    const login = await park(["login", "--login", "admin@example.com", "--password", "adminpass123"], adminConfig);
    expect(login.code).toBe(0);
    const today = new Date().toISOString().slice(0, 10);
    const [refused, json, table, users, usersTable] = await Promise.all([
      park(["admin", "users"]),
      park(["admin", "report", "--from", today, "--to", today, "--json"], adminConfig),
      park(["admin", "report", "--from", today, "--to", today, "--lot", "Harbour Point Garage"], adminConfig),
      park(["admin", "users", "--search", "driver", "--json"], adminConfig),
      park(["admin", "users"], adminConfig),
    ]);
    expect(refused).toMatchObject({ code: 3, stdout: "" });
    expect(refused.stderr).toContain("(FORBIDDEN)");

    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as { from: string; lots: { name: string; timezone: string }[]; generatedAt: string };
    expect(report.from).toBe(today);
    expect(report.lots.map((lot) => lot.name).sort()).toEqual(["Central Station Park", "Harbour Point Garage", "Riverside Lot"]);
    expect(new Date(report.generatedAt).toISOString()).toBe(report.generatedAt);

    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^LOT +COLLECTED +OUTSTANDING +SESSIONS +RESERVATIONS +OCCUPANCY +AVERAGE STAY +BUSIEST HOUR$/m);
    expect(table.stdout).toMatch(/^Harbour Point Garage +€0\.00 +€0\.00 +0 +0 +0\.0% +– +–$/m);

    expect(users.code).toBe(0);
    expect(JSON.parse(users.stdout)).toMatchObject({ items: [{ username: "driver", email: "driver@example.com", reservations: 1, sessions: 1 }] });

    expect(usersTable).toMatchObject({ code: 0, stderr: "" });
    const [header, ...rows] = usersTable.stdout.trimEnd().split("\n");
    expect(header).toMatch(/^USERNAME +EMAIL +ROLE +ACCOUNT +RESERVATIONS +SESSIONS +SPENT +LAST ACTIVE +ID$/);
    expect(rows.map((row) => row.split(" ")[0]).sort()).toEqual(["admin", "attendant", "driver"]);
    // Last active on this computer's clock (New York); nothing paid yet, the session still running.
    const lastActive = "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} E[SD]T";
    expect(rows.find((row) => row.startsWith("driver "))).toMatch(
      new RegExp(`^driver +driver@example\\.com +user +active +1 +1 +– +${lastActive} +[0-9a-f-]{36}$`),
    );
    expect(rows.find((row) => row.startsWith("admin "))).toMatch(
      new RegExp(`^admin +admin@example\\.com +admin +active +0 +0 +– +${lastActive} +[0-9a-f-]{36}$`),
    );
    expect(rows.find((row) => row.startsWith("attendant "))).toMatch(/^attendant +attendant@example\.com +attendant +active +0 +0 +– +– +[0-9a-f-]{36}$/);
    for (const row of rows) expect(row.indexOf(row.slice(-36))).toBe(header!.indexOf("ID"));
  });

  test("signs out: the refresh token is revoked on the server and the file deleted", async () => {
    const { refreshToken } = await credentialsOf(driverConfig);
    const logout = await park(["logout"]);
    expect(logout.code).toBe(0);
    await expect(stat(join(driverConfig, "credentials.json"))).rejects.toMatchObject({ code: "ENOENT" });
    expect((await park(["whoami"])).code).toBe(3);

    const refresh = createParkClient({ url: server.url }).auth.refresh.mutate({ refreshToken });
    await expect(refresh).rejects.toSatisfy((error) => errorCode(error) === "UNAUTHORIZED");
  });
});
