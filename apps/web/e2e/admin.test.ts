import { mkdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { adminAccount, attendantAccount, newPlate, seededLots } from "./accounts.ts";
import { euros, existingUser, lotIdByName, newDriver, openAs, type Person } from "./api.ts";
import { useBrowser } from "./browser.ts";
import { alertText } from "./flows.ts";
import { startServer, type TestServer } from "./global-setup.ts";

const browsing = useBrowser();
const screenshots = fileURLToPath(new URL("../test-results/", import.meta.url));

// Pages opened beside the test's own page, for a second person in the same test or a server of the test's own.
const extraPages: Page[] = [];
afterEach(async () => {
  await Promise.all(extraPages.splice(0).map((page) => page.context().close()));
});

async function secondPage(baseUrl: string): Promise<Page> {
  const browser = browsing.page.context().browser();
  if (!browser) throw new Error("no browser");
  const context = await browser.newContext({ baseURL: baseUrl, locale: "en-US", timezoneId: Intl.DateTimeFormat().resolvedOptions().timeZone });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  extraPages.push(page);
  return page;
}

async function userId(admin: Person, username: string): Promise<string> {
  const { items } = await admin.api.admin.users.list.query({ search: username });
  const user = items.find((item) => item.username === username);
  if (!user) throw new Error(`no user named ${username}`);
  return user.id;
}

const nav = (page: Page) => page.getByRole("navigation", { name: "Main" });

const routesFile = new URL("../src/routes.tsx", import.meta.url);

/**
 * The pages under /admin and the access each needs, read from routes.tsx's
 * source (the module builds a browser router as it loads), so that a page
 * added there is tried here too.
 */
async function adminArea(): Promise<{ path: string; access: string }[]> {
  const source = await readFile(routesFile, "utf8");
  const pages = [...source.matchAll(/\{\s*path: "([^"]+)",[^}]*?\baccess: "(\w+)"/g)].map(([, path = "", access = ""]) => ({ path, access }));
  // Only the list of pages spells a path out in quotes: a page this misses is an error, not a page left untried.
  if (pages.length === 0 || pages.length !== source.match(/\bpath: "/g)?.length) throw new Error(`cannot read the pages of ${routesFile.pathname}`);
  return pages.filter(({ path }) => path === "/admin" || path.startsWith("/admin/"));
}

// The one parameter of an admin page is a lot's id.
const withLot = (path: string, lotId: string) => path.replace(/:\w+/g, lotId);

// The accesses each role passes, as the app's guard decides.
const passes: Record<"user" | "attendant", readonly string[]> = { user: ["anyone", "user"], attendant: ["anyone", "user", "staff"] };

describe("users", () => {
  test("an admin promotes a driver to attendant, whose next page shows staff navigation; the audit log links to them", async () => {
    const { page, baseUrl } = browsing;
    const admin = await existingUser(baseUrl, adminAccount);
    const driver = await newDriver(baseUrl, "promo");
    const driverPage = await secondPage(baseUrl);
    await openAs(driverPage, driver, "/profile");
    expect(await nav(driverPage).getByRole("link", { name: "Gate" }).count()).toBe(0);

    await openAs(page, admin, "/admin");
    await page.getByRole("link", { name: "Users", exact: true }).click();
    await page.getByRole("heading", { name: "Users", level: 1 }).waitFor();
    await page.getByLabel("Search users").fill(driver.username);
    await page.getByRole("button", { name: "Search" }).click();
    const role = page.getByRole("combobox", { name: `Role of ${driver.username}` });
    expect(await role.inputValue()).toBe("user");
    await role.selectOption("attendant");
    const dialog = page.getByRole("dialog", { name: `Make ${driver.username} an attendant?` });
    await dialog.getByRole("button", { name: "Change role" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `${driver.username} is now an attendant.` })
      .waitFor();
    expect(await dialog.count()).toBe(0);
    expect(await role.inputValue()).toBe("attendant");
    const id = await userId(admin, driver.username);
    expect((await admin.api.admin.users.list.query({ search: driver.username })).items[0]).toMatchObject({ id, role: "attendant" });

    // The driver's next page, with no reload, follows the new role.
    await nav(driverPage).getByRole("link", { name: "Reservations" }).click();
    await nav(driverPage).getByRole("link", { name: "Gate" }).waitFor();
    expect(await nav(driverPage).getByRole("link", { name: "Occupancy board" }).isVisible()).toBe(true);
    expect(await nav(driverPage).getByRole("link", { name: "Admin" }).count()).toBe(0);

    await page.goto("/admin");
    await page.getByRole("link", { name: "Audit log", exact: true }).click();
    await page.getByRole("heading", { name: "Audit log", level: 1 }).waitFor();
    await page.getByLabel("Action").selectOption({ label: "User changed" });
    await page.getByLabel("Target type").selectOption({ label: "User" });
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/action=user\.update/);
    const target = page.getByRole("link", { name: `User ${driver.username}`, exact: true });
    const row = page.getByRole("row").filter({ has: target });
    await row.waitFor();
    expect(await row.textContent()).toContain("role: user → attendant");
    expect(await row.getByRole("link", { name: "Changes by root" }).isVisible()).toBe(true);
    await target.click();
    await page.waitForURL((url) => url.pathname === "/admin/users" && url.searchParams.get("search") === id);
    await page.getByRole("rowheader", { name: driver.username, exact: true }).waitFor();
    expect(await page.getByRole("combobox", { name: `Role of ${driver.username}` }).inputValue()).toBe("attendant");
  });

  test("a disabled user is signed out on their next action, and can be enabled again", async () => {
    const { page, baseUrl } = browsing;
    const admin = await existingUser(baseUrl, adminAccount);
    const driver = await newDriver(baseUrl, "lockout");
    const driverPage = await secondPage(baseUrl);
    await openAs(driverPage, driver, "/profile");

    await openAs(page, admin, `/admin/users?search=${driver.username}`);
    await page.getByRole("button", { name: `Disable ${driver.username}` }).click();
    const dialog = page.getByRole("dialog", { name: `Disable ${driver.username}?` });
    // Cancelling changes nothing.
    await dialog.getByRole("button", { name: "Cancel" }).click();
    expect(await dialog.count()).toBe(0);
    await page.getByRole("button", { name: `Disable ${driver.username}` }).click();
    await dialog.getByRole("button", { name: "Disable" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `Disabled ${driver.username}.` })
      .waitFor();
    const row = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: driver.username, exact: true }) });
    expect(await row.getByText("disabled", { exact: true }).isVisible()).toBe(true);

    await nav(driverPage).getByRole("link", { name: "Reservations" }).click();
    await driverPage.waitForURL(/\/sign-in\?reason=expired&next=/);
    expect(await driverPage.getByRole("status").textContent()).toBe("Your session has ended. Please sign in again.");
    expect(await driverPage.evaluate(() => localStorage.getItem("park.tokens"))).toBeNull();

    await page.getByRole("button", { name: `Enable ${driver.username}` }).click();
    await page
      .getByRole("dialog", { name: `Enable ${driver.username}?` })
      .getByRole("button", { name: "Enable" })
      .click();
    await page
      .getByRole("status")
      .filter({ hasText: `Enabled ${driver.username}.` })
      .waitFor();
    expect((await admin.api.admin.users.list.query({ search: driver.username })).items[0]?.disabled).toBe(false);
  });

  test("drivers and attendants are refused every admin page their role does not open, in the page and by the API", async () => {
    const { page, baseUrl } = browsing;
    const driver = await newDriver(baseUrl, "snoop");
    const attendant = await existingUser(baseUrl, attendantAccount);
    const lisbonId = await lotIdByName(attendant.api, seededLots.lisbon);
    const area = await adminArea();
    for (const [person, role] of [
      [driver, "user"],
      [attendant, "attendant"],
    ] as const) {
      await openAs(page, person, "/profile");
      for (const { path, access } of area) {
        await page.goto(withLot(path, lisbonId));
        const headings = page.getByRole("heading", { level: 1 });
        await headings.first().waitFor();
        // The page's own heading, or the refusal's alone: a refused page shows nothing of itself.
        if (passes[role].includes(access)) expect(await headings.allTextContents(), `${role} at ${path}`).not.toContain("Not allowed");
        else expect(await headings.allTextContents(), `${role} at ${path}`).toEqual(["Not allowed"]);
      }
      await expect(person.api.admin.users.list.query({})).rejects.toMatchObject({ data: { code: "FORBIDDEN" } });
      await expect(person.api.admin.audit.list.query({})).rejects.toMatchObject({ data: { code: "FORBIDDEN" } });
      await expect(person.api.admin.reports.summary.query({ from: "2026-01-01", to: "2026-01-02" })).rejects.toMatchObject({ data: { code: "FORBIDDEN" } });
      await expect(person.api.admin.jobs.list.query({})).rejects.toMatchObject({ data: { code: "FORBIDDEN" } });
      await expect(person.api.admin.mail.list.query({})).rejects.toMatchObject({ data: { code: "FORBIDDEN" } });
    }
  });
});

describe("lots", () => {
  test("an admin deletes an empty lot; a lot with a car parked is refused in words", async () => {
    const { page, baseUrl } = browsing;
    const admin = await existingUser(baseUrl, adminAccount);
    const tag = newPlate("D");
    const lot = (name: string) => admin.api.lots.create.mutate({ name, address: "1 Gone Street", city: "Testville", hourlyRateCents: 200, capacity: 2 });
    const empty = await lot(`Empty ${tag}`);
    const busy = await lot(`Busy ${tag}`);
    await admin.api.gate.enter.mutate({ lotId: busy.id, plate: newPlate("P") });

    await openAs(page, admin, "/admin/lots");
    await page.getByLabel("Search lots").fill(tag);
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("button", { name: `Delete ${busy.name}` }).click();
    const refused = page.getByRole("dialog", { name: `Delete ${busy.name}?` });
    await refused.getByRole("button", { name: "Delete lot" }).click();
    expect(await alertText(page)).toBe(`${busy.name} cannot be deleted: cars are parked in it. Wait until they have left.`);
    await refused.getByRole("button", { name: "Cancel" }).click();
    expect(await admin.api.lots.byId.query({ id: busy.id })).toMatchObject({ name: busy.name });

    await page.getByRole("button", { name: `Delete ${empty.name}` }).click();
    await page
      .getByRole("dialog", { name: `Delete ${empty.name}?` })
      .getByRole("button", { name: "Delete lot" })
      .click();
    await page
      .getByRole("status")
      .filter({ hasText: `Deleted ${empty.name}.` })
      .waitFor();
    await expect.poll(() => page.getByRole("link", { name: empty.name, exact: true }).count()).toBe(0);
    expect(await page.getByRole("link", { name: busy.name, exact: true }).isVisible()).toBe(true);
    await expect(admin.api.lots.byId.query({ id: empty.id })).rejects.toMatchObject({ data: { code: "NOT_FOUND" } });
  });

  test("an admin adds a level, a row to it and a spot to the row", async () => {
    const { page, baseUrl } = browsing;
    const admin = await existingUser(baseUrl, adminAccount);
    const lot = await admin.api.lots.create.mutate({
      name: `Growing ${newPlate("G")}`,
      address: "2 Grow Road",
      city: "Testville",
      hourlyRateCents: 200,
      capacity: 2,
    });

    await openAs(page, admin, `/admin/lots/${lot.id}/edit`);
    const addLevel = page.getByRole("region", { name: "Add a level" });
    await addLevel.getByLabel("Level name").fill("Roof");
    await addLevel.getByRole("button", { name: "Add level" }).click();
    await page.getByRole("status").filter({ hasText: "Added level Roof." }).waitFor();

    const addRow = page.getByRole("region", { name: "Add a row" });
    await addRow.getByLabel("Level").selectOption({ label: "Roof" });
    await addRow.getByLabel("Row name").fill("R1");
    await addRow.getByLabel("Spots").fill("3");
    await addRow.getByLabel("Kind").selectOption("ev");
    await addRow.getByRole("button", { name: "Add row" }).click();
    await page.getByRole("status").filter({ hasText: "Added row R1 to level Roof with 3 spots." }).waitFor();

    const addSpot = page.getByRole("region", { name: "Add a spot" });
    await addSpot.getByLabel("Row").selectOption({ label: "Level Roof, row R1" });
    await addSpot.getByLabel("Spot label").fill("X9");
    await addSpot.getByLabel("Kind").selectOption("accessible");
    await addSpot.getByRole("button", { name: "Add spot" }).click();
    await page.getByRole("status").filter({ hasText: "Added spot X9 to level Roof, row R1." }).waitFor();

    const saved = await admin.api.lots.byId.query({ id: lot.id });
    expect(saved.capacity).toBe(6);
    expect(saved.levels.find((level) => level.name === "Roof")?.rows.map((row) => [row.name, row.capacity])).toEqual([["R1", 4]]);
    const layout = page.getByRole("region", { name: "Layout" });
    await expect.poll(() => layout.getByRole("row", { name: /Row R1/ }).textContent()).toBe("Row R144");
    expect(await page.getByLabel("Capacity").inputValue()).toBe("6");

    // A label already in the row is refused, and nothing is added.
    await addSpot.getByLabel("Row").selectOption({ label: "Level Roof, row R1" });
    await addSpot.getByLabel("Spot label").fill("X9");
    await addSpot.getByRole("button", { name: "Add spot" }).click();
    expect(await alertText(page)).toBe('Spot "X9" already exists');
    expect((await admin.api.lots.byId.query({ id: lot.id })).capacity).toBe(6);
  });

  test("the console shows each lot's free spots with a link to its occupancy board", async () => {
    const { page, baseUrl } = browsing;
    const admin = await existingUser(baseUrl, adminAccount);
    const lisbonId = await lotIdByName(admin.api, seededLots.lisbon);
    const lisbon = await admin.api.lots.byId.query({ id: lisbonId });
    await openAs(page, admin, "/admin");
    const tile = page.getByRole("listitem", { name: seededLots.lisbon });
    await tile.waitFor();
    expect(await tile.getByLabel("Free now").textContent()).toMatch(new RegExp(`^\\d+ of ${lisbon.capacity}$`));
    await expect.poll(() => tile.getByLabel("Today's revenue").textContent()).toMatch(/^€\d[\d,]*\.\d\d$/);
    await tile.getByRole("link", { name: `Occupancy board for ${seededLots.lisbon}` }).click();
    await page.waitForURL((url) => url.pathname === "/admin/occupancy" && url.searchParams.get("lot") === lisbonId);
    await page.getByRole("heading", { name: "Totals" }).waitFor();
  });
});

describe("reports", () => {
  test("a session paid during the test shows in the revenue chart's data, the per-lot table and the CSV", async () => {
    const { page, baseUrl } = browsing;
    const admin = await existingUser(baseUrl, adminAccount);
    // The lot keeps the browser's timezone, so that the browser's "today" is the lot's.
    const name = `=Report ${newPlate("R")}`;
    const lot = await admin.api.lots.create.mutate({
      name,
      address: "3 Figures Lane",
      city: "Testville",
      hourlyRateCents: 350,
      graceMinutes: 0,
      currency: "EUR",
      timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      capacity: 2,
    });
    const plate = newPlate("M");
    await admin.api.gate.enter.mutate({ lotId: lot.id, plate });
    const ended = await admin.api.gate.exit.mutate({ lotId: lot.id, plate });
    expect(ended.amountCents).toBe(350);
    await admin.api.sessions.pay.mutate({ id: ended.id, method: "cash" });

    await openAs(page, admin, "/admin");
    await page.getByRole("link", { name: "Reports", exact: true }).click();
    await page.getByRole("heading", { name: "Reports", level: 1 }).waitFor();
    await page.getByRole("button", { name: "Today" }).click();
    await page.getByLabel("Lot", { exact: true }).selectOption(lot.id);
    await page.waitForURL((url) => url.searchParams.get("lot") === lot.id && url.searchParams.get("from") === url.searchParams.get("to"));
    expect(await page.getByRole("button", { name: "Today" }).getAttribute("aria-pressed")).toBe("true");
    const today = new URL(page.url()).searchParams.get("from")!;

    const chart = page.getByRole("figure", { name: /^Revenue collected per day in EUR/ });
    await chart.waitFor();
    expect(await chart.getByText(/^Revenue collected per day/).textContent()).toBe(
      `Revenue collected per day in EUR: ${euros(350)} over 1 day, most on ${today} (${euros(350)}).`,
    );
    await expect.poll(() => chart.locator(".recharts-bar-rectangle").count()).toBe(1);
    await chart.getByText("The chart's figures as a table").click();
    const dayRow = chart.getByRole("row", { name: today });
    expect(await dayRow.getByRole("cell").allTextContents()).toEqual([euros(350), euros(0)]);

    const lotRow = page
      .getByRole("region", { name: "Per lot" })
      .getByRole("row")
      .filter({ has: page.getByRole("link", { name, exact: true }) });
    expect((await lotRow.getByRole("cell").allTextContents()).slice(0, 3)).toEqual([euros(350), euros(0), "1"]);
    expect(await page.getByRole("table", { name: /^Occupancy by weekday and local hour/ }).isVisible()).toBe(true);

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download CSV" }).click()]);
    expect(download.suggestedFilename()).toBe(`park-report-${today}-to-${today}.csv`);
    const csv = await readFile((await download.path())!, "utf8");
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toBe(
      "lot,timezone,date,currency,collected,outstanding,sessions,ended sessions,average stay (min),reservations,cancelled reservations,occupancy (%),busiest hour",
    );
    // The name a spreadsheet would run as a formula comes out as text.
    expect(lines[1]).toMatch(new RegExp(`^'${name},[^,]+,${today},EUR,3\\.50,0\\.00,1,1,`));
    expect(lines[2]).toMatch(new RegExp(`^'${name},[^,]+,total,EUR,3\\.50,0\\.00,1,1,`));
  });
});

describe("jobs and mail", () => {
  test("an admin runs an export now and sees the run and its mail; a driver's emailed history reaches the outbox", async () => {
    const { page, baseUrl } = browsing;
    const admin = await existingUser(baseUrl, adminAccount);
    const driver = await newDriver(baseUrl, "mailme");
    const driverPage = await secondPage(baseUrl);
    await openAs(driverPage, driver, "/profile");
    await driverPage.getByRole("button", { name: "Email me my history" }).click();
    await driverPage.getByRole("status").filter({ hasText: "On its way to your email address" }).waitFor();

    await openAs(page, admin, "/admin");
    await page.getByRole("link", { name: "Jobs & mail", exact: true }).click();
    await page.getByRole("heading", { name: "Jobs & mail", level: 1 }).waitFor();
    const jobs = page.getByRole("region", { name: "Jobs" });
    await jobs.getByRole("button", { name: "Email me an export" }).click();
    await jobs.getByRole("status").filter({ hasText: "Email me an export: started." }).waitFor();
    const exportRun = jobs
      .getByRole("row")
      .filter({ has: page.getByRole("rowheader", { name: "Export" }) })
      .filter({ hasText: `by ${admin.username}` });
    await expect
      .poll(
        async () => {
          await jobs.getByRole("button", { name: "Refresh" }).click();
          return (await exportRun.count()) > 0 ? exportRun.first().getByText("succeeded", { exact: true }).count() : 0;
        },
        { timeout: 15_000 },
      )
      .toBe(1);

    const outbox = page.getByRole("region", { name: "Outbox" });
    const sentTo = (email: string, kind: string) =>
      outbox
        .getByRole("row")
        .filter({ has: page.getByRole("rowheader", { name: kind }) })
        .filter({ hasText: email });
    const { email: adminEmail } = await admin.api.auth.me.query();
    const { email: driverEmail } = await driver.api.auth.me.query();
    await expect
      .poll(
        async () => {
          await outbox.getByRole("button", { name: "Refresh" }).click();
          return [
            await sentTo(adminEmail, "Data export").getByText("sent", { exact: true }).count(),
            await sentTo(driverEmail, "History export").getByText("sent", { exact: true }).count(),
          ];
        },
        { timeout: 15_000 },
      )
      .toEqual([1, 1]);
    await outbox.getByLabel("Status").selectOption("dead");
    await page.waitForURL(/mail=dead/);
    // Nothing died: the filtered list says so, rather than being merely not loaded yet.
    await outbox.getByText("No messages.").waitFor();
    expect(await sentTo(driverEmail, "History export").count()).toBe(0);
  });
});

// A server of their own, for states the shared one cannot promise: nobody but the bootstrap admin is an admin,
// and an outbox holding one dead message that nothing delivers, so a retried message stays pending for the page.
describe("on a server of their own", () => {
  let server: TestServer;
  const recipient = "gone-quiet@example.test";
  beforeAll(async () => {
    // A message dies only after eight failed deliveries hours apart, so the server starts with one already dead.
    server = await startServer({
      seed: false,
      runJobs: false,
      prepare: async (db) => {
        await db.outboxMessage.create({
          data: {
            kind: "reminder.inactive",
            recipient,
            payload: { inactiveDays: 7 },
            status: "dead",
            attempts: 8,
            lastError: "connect ECONNREFUSED 127.0.0.1:25",
          },
        });
      },
    });
  }, 120_000);
  afterAll(() => server?.stop());

  test("the last active admin can be neither demoted nor disabled, and is told why", async () => {
    const { page } = browsing;
    const admin = await existingUser(server.baseUrl, adminAccount);
    await page.goto(`${server.baseUrl}/`);
    await page.evaluate((tokens) => localStorage.setItem("park.tokens", JSON.stringify(tokens)), admin.browserTokens);
    await page.goto(`${server.baseUrl}/admin/users`);
    await page.getByText(`Signed in as ${admin.username}`).waitFor();

    const role = page.getByRole("combobox", { name: `Role of ${admin.username}` });
    await role.selectOption("user");
    const demote = page.getByRole("dialog", { name: `Make ${admin.username} a user?` });
    await demote.getByRole("button", { name: "Change role" }).click();
    await demote.getByRole("alert").waitFor();
    expect(await demote.getByRole("alert").textContent()).toBe(`${admin.username} is the last active admin: make another admin first.`);
    await demote.getByRole("button", { name: "Cancel" }).click();
    expect(await role.inputValue()).toBe("admin");

    await page.getByRole("button", { name: `Disable ${admin.username}` }).click();
    const disable = page.getByRole("dialog", { name: `Disable ${admin.username}?` });
    await disable.getByRole("button", { name: "Disable" }).click();
    await disable.getByRole("alert").waitFor();
    expect(await disable.getByRole("alert").textContent()).toBe(`${admin.username} is the last active admin: make another admin first.`);
    expect((await admin.api.admin.users.list.query({ role: "admin" })).items).toMatchObject([{ username: admin.username, disabled: false }]);
  });

  test("an admin retries a dead message, which leaves the dead list and waits with its attempts renewed", async () => {
    const admin = await existingUser(server.baseUrl, adminAccount);
    const page = await secondPage(server.baseUrl);
    await openAs(page, admin, "/admin/jobs");
    const outbox = page.getByRole("region", { name: "Outbox" });
    const message = outbox
      .getByRole("row")
      .filter({ has: page.getByRole("rowheader", { name: "Reminder" }) })
      .filter({ hasText: recipient });
    // Recipient, status and attempts.
    const shown = async () => (await message.getByRole("cell").allTextContents()).slice(0, 3);

    await outbox.getByLabel("Status").selectOption("dead");
    await page.waitForURL(/mail=dead/);
    // The list may be drawn again as its query settles: the row is read until it holds what it should.
    await expect.poll(shown).toEqual([recipient, "dead", "8"]);
    await message.getByRole("button", { name: `Retry the message to ${recipient}` }).click();
    await outbox
      .getByRole("status")
      .filter({ hasText: `The message to ${recipient} is queued again.` })
      .waitFor();
    await outbox.getByText("No messages.").waitFor();
    expect(await message.count()).toBe(0);

    await outbox.getByLabel("Status").selectOption("pending");
    await page.waitForURL(/mail=pending/);
    await expect.poll(shown).toEqual([recipient, "pending", "0"]);
    expect((await admin.api.admin.mail.list.query({})).items).toMatchObject([{ recipient, status: "pending", attempts: 0 }]);
  });
});

describe("screenshots", () => {
  test("every admin page, as an admin sees it", async () => {
    const { page, baseUrl } = browsing;
    const admin = await existingUser(baseUrl, adminAccount);
    await mkdir(screenshots, { recursive: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    const lisbonId = await lotIdByName(admin.api, seededLots.lisbon);
    // By the page's path in routes.tsx; `search` picks what the page shows.
    const shots: Record<string, { file: string; search?: string; ready: () => Promise<void> }> = {
      "/admin": { file: "admin-console.png", ready: () => page.getByRole("heading", { name: "Lots now" }).waitFor() },
      "/admin/occupancy": { file: "admin-occupancy.png", search: `?lot=${lisbonId}`, ready: () => page.getByRole("heading", { name: "Totals" }).waitFor() },
      "/admin/lots": { file: "admin-lots.png", ready: () => page.getByRole("table").waitFor() },
      "/admin/lots/new": { file: "admin-new-lot.png", ready: () => page.getByLabel("Hourly rate").waitFor() },
      "/admin/lots/:id/edit": { file: "admin-edit-lot.png", ready: () => page.getByRole("region", { name: "Layout" }).getByRole("table").waitFor() },
      "/admin/users": { file: "admin-users.png", ready: () => page.getByRole("table").waitFor() },
      "/admin/audit": { file: "admin-audit.png", ready: () => page.getByRole("table").waitFor() },
      "/admin/jobs": { file: "admin-jobs.png", ready: () => page.getByRole("region", { name: "Outbox" }).getByRole("table").waitFor() },
      "/admin/reports": { file: "admin-reports.png", ready: () => page.getByRole("region", { name: "Per lot" }).getByRole("table").waitFor() },
    };
    const area = await adminArea();
    expect(Object.keys(shots).sort()).toEqual(area.map(({ path }) => path).sort());
    await openAs(page, admin, "/admin");
    for (const { path } of area) {
      const { file, search = "", ready } = shots[path]!;
      await page.goto(withLot(path, lisbonId) + search);
      await ready();
      await page
        .getByRole("status")
        .filter({ hasText: /^Loading/ })
        .waitFor({ state: "detached" });
      await page.screenshot({ path: `${screenshots}${file}`, fullPage: true });
    }
  });
});
