import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { newPlate, seededLots } from "./accounts.ts";
import { euros, lotIdByName, newDriver, openAs } from "./api.ts";
import { useBrowser } from "./browser.ts";
import { alertText, fact } from "./flows.ts";

const browsing = useBrowser();

const pad = (n: number) => String(n).padStart(2, "0");
/** What a person types into a datetime-local input for `date`, in this process's (and the browser's) time zone. */
const localInput = (date: Date) => `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;

function tomorrowAt(hour: number): Date {
  const date = new Date();
  date.setDate(date.getDate() + 1);
  date.setHours(hour, 0, 0, 0);
  return date;
}

function reservationRow(page: Page, plate: string) {
  return page.getByRole("row").filter({ hasText: plate });
}

describe("reserving", () => {
  test("a driver adds a vehicle, reserves tomorrow at the quoted price, and cancels", async () => {
    const { page, baseUrl } = browsing;
    const driver = await newDriver(baseUrl, "reserve");
    const plate = newPlate("R");

    await openAs(page, driver, "/vehicles");
    await page.getByLabel("Plate").fill(`${plate.slice(0, 3)}-${plate.slice(3)}`.toLowerCase());
    await page.getByLabel("Type").selectOption("car");
    await page.getByLabel("Label").fill("Blue hatchback");
    await page.getByRole("button", { name: "Add vehicle" }).click();
    // Stored normalised: upper case, without the dash.
    await page.getByRole("cell", { name: plate, exact: true }).waitFor();
    expect(await page.getByRole("status").textContent()).toBe(`Added ${plate}.`);

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Find a lot" }).click();
    await page.getByLabel("Search").fill("harbour");
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("listitem", { name: seededLots.lisbon }).waitFor();
    expect(await page.getByRole("list", { name: "Lots" }).getByRole("listitem").count()).toBe(1);
    await page.getByRole("link", { name: seededLots.lisbon }).click();
    await page.getByRole("heading", { name: seededLots.lisbon }).waitFor();
    const lotId = new URL(page.url()).pathname.split("/").at(-1) ?? "";
    expect(await fact(page, "Hourly rate").textContent()).toBe("€2.50");
    expect(await page.getByRole("heading", { name: /^Level P0/ }).isVisible()).toBe(true);
    expect(await page.getByRole("list", { name: "Level P1, row M" }).getByRole("listitem").count()).toBe(6);

    // An end before the start is caught before anything is sent.
    const start = page.getByLabel("Start", { exact: true });
    const end = page.getByLabel("End", { exact: true });
    await start.fill(localInput(tomorrowAt(13)));
    await end.fill(localInput(tomorrowAt(10)));
    await page.getByText("The end must be after the start.").waitFor();
    expect(await end.getAttribute("aria-invalid")).toBe("true");

    const startsAt = tomorrowAt(10);
    const endsAt = tomorrowAt(13);
    await start.fill(localInput(startsAt));
    await end.fill(localInput(endsAt));
    const quote = await driver.api.reservations.quote.query({ lotId, startsAt, endsAt });
    expect(quote).toEqual({ amountCents: 750, currency: "EUR" });
    await expect.poll(() => page.getByLabel("Quote").textContent()).toBe(euros(quote.amountCents));
    expect(await page.getByLabel("Vehicle").inputValue()).not.toBe("");
    await page.getByRole("button", { name: "Reserve" }).click();

    await page.waitForURL(/\/reservations$/);
    await page
      .getByRole("status")
      .filter({ hasText: `at ${seededLots.lisbon}.` })
      .waitFor();
    const row = reservationRow(page, plate);
    expect(await row.getByRole("cell").first().textContent()).toBe("confirmed");
    expect(await row.textContent()).toContain(euros(750));
    // The spot is named by level and row, not only by its number.
    await expect.poll(() => row.getByRole("cell").nth(2).textContent()).toMatch(/^P0 · row A · spot \d+$/);

    // The same vehicle cannot be in two places at once.
    await page.goto(`/lots/${lotId}`);
    await page.getByLabel("Start", { exact: true }).fill(localInput(tomorrowAt(12)));
    await page.getByLabel("End", { exact: true }).fill(localInput(tomorrowAt(14)));
    await page.getByRole("button", { name: "Reserve" }).click();
    expect(await alertText(page)).toBe("This vehicle already has a reservation overlapping that window");

    // Nor can a booked vehicle be removed.
    await page.goto("/vehicles");
    await page.getByRole("button", { name: `Remove ${plate}` }).click();
    expect(await alertText(page)).toBe(`${plate} cannot be removed: The vehicle has reservations ahead`);

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Reservations" }).click();
    await reservationRow(page, plate).getByRole("button", { name: "Cancel" }).click();
    await page.getByRole("status").filter({ hasText: "Cancelled the reservation" }).waitFor();
    expect(await reservationRow(page, plate).getByRole("cell").first().textContent()).toBe("cancelled");
    expect(await reservationRow(page, plate).getByRole("button").count()).toBe(0);
    const [saved] = (await driver.api.reservations.list.query({})).items;
    expect(saved?.status).toBe("cancelled");
  });
});

describe("cancelling", () => {
  test("a cancel shows at once, and is undone with the reason when the server refuses it", async () => {
    const { page, baseUrl } = browsing;
    const driver = await newDriver(baseUrl, "undo");
    const plate = newPlate("U");
    const vehicle = await driver.api.vehicles.create.mutate({ plate });
    const lotId = await lotIdByName(driver.api, seededLots.porto);
    const startsAt = new Date(Date.now() + 5 * 60_000);
    const reservation = await driver.api.reservations.create.mutate({
      lotId,
      vehicleId: vehicle.id,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 3_600_000),
    });

    await openAs(page, driver, "/reservations");
    const row = reservationRow(page, plate);
    const status = row.getByRole("cell").first();
    await row.getByRole("button", { name: "Cancel" }).waitFor();
    // The car arrives and checks in elsewhere; the open page has not heard of it.
    await driver.api.sessions.start.mutate({ lotId, vehicleId: vehicle.id, reservationId: reservation.id });

    // The server's answers are held back, so that each state the page goes through can be seen.
    const hold = async (path: RegExp) => {
      let release: () => void = () => {};
      const held = new Promise<void>((done) => (release = done));
      await page.route(path, async (route) => {
        await held;
        await route.continue();
      });
      return release;
    };
    const answerCancel = await hold(/\/trpc\/reservations\.cancel/);
    await row.getByRole("button", { name: "Cancel" }).click();
    await expect.poll(() => status.textContent()).toBe("cancelled");
    expect(await row.getByRole("button").count()).toBe(0);

    // The refusal puts back what was shown before, and says why; the list's reload then shows the check-in.
    const answerReload = await hold(/\/trpc\/[^?]*reservations\.list/);
    answerCancel();
    expect(await alertText(page)).toBe(`The reservation at ${seededLots.porto} could not be cancelled: A checked in reservation cannot be cancelled`);
    await expect.poll(() => status.textContent()).toBe("confirmed");
    answerReload();
    await expect.poll(() => status.textContent()).toBe("checked in");
    expect(await page.getByRole("status").filter({ hasText: "Cancelled the reservation" }).count()).toBe(0);
    expect((await driver.api.reservations.byId.query({ id: reservation.id })).status).toBe("checked_in");
  });
});

describe("parking", () => {
  test("parking now and leaving within the grace period costs nothing and asks no payment", async () => {
    const { page, baseUrl } = browsing;
    const driver = await newDriver(baseUrl, "parknow");
    const plate = newPlate("P");
    await driver.api.vehicles.create.mutate({ plate });

    // The lot's page stays open in one tab while the driver parks from another.
    const lotId = await lotIdByName(driver.api, seededLots.porto);
    await openAs(page, driver, `/lots/${lotId}`);
    const freeNow = fact(page, "Free now");
    const [free, capacity] = ((await freeNow.textContent()) ?? "").split(" of ").map(Number) as [number, number];
    const tab = await page.context().newPage();
    await tab.goto("/sessions");

    await tab.getByRole("combobox", { name: "Lot" }).selectOption({ label: `${seededLots.porto} (Porto)` });
    expect(await tab.getByLabel("Vehicle").locator("option:checked").textContent()).toBe(plate);
    await tab.getByRole("button", { name: "Park now" }).click();
    await tab
      .getByRole("status")
      .filter({ hasText: `Parked at ${seededLots.porto}` })
      .waitFor();
    // The open lot page hears of it from the server, without a reload.
    await expect.poll(() => freeNow.textContent()).toBe(`${free - 1} of ${capacity}`);
    await page
      .getByRole("list", { name: /^Level Ground, row / })
      .getByText(/^Spot \d+, [\w ]+, occupied$/)
      .first()
      .waitFor();

    const parked = tab.getByRole("listitem", { name: `Session at ${seededLots.porto}` });
    expect(await parked.getByLabel("Plate").textContent()).toBe(plate);
    expect(await parked.getByLabel("Status").textContent()).toBe("active");
    await parked.getByRole("button", { name: "End" }).click();

    const receipt = tab.getByRole("region", { name: "Receipt" });
    await receipt.waitFor();
    expect(await receipt.getByLabel("Amount").textContent()).toBe("€0.00");
    expect(await receipt.getByLabel("Payment", { exact: true }).textContent()).toBe("waived");
    expect(await receipt.getByLabel("Duration").textContent()).toBe("under a minute");
    expect(await tab.getByRole("button", { name: /^Pay/ }).count()).toBe(0);
    await tab.getByText("You are not parked anywhere.").waitFor();
    await tab.getByRole("row").filter({ hasText: plate }).getByText("waived").waitFor();
    await expect.poll(() => freeNow.textContent()).toBe(`${free} of ${capacity}`);

    const [session] = (await driver.api.sessions.list.query({})).items;
    expect(session).toMatchObject({ status: "completed", amountCents: 0, paymentStatus: "waived", plate });
  });

  test("checking in to a reservation, ending and paying the reserved amount", async () => {
    const { page, baseUrl } = browsing;
    const driver = await newDriver(baseUrl, "paying");
    const plate = newPlate("Q");
    const vehicle = await driver.api.vehicles.create.mutate({ plate });
    const lotId = await lotIdByName(driver.api, seededLots.porto);
    // Check-in opens 15 minutes ahead: a booking starting in five minutes can be checked into now.
    const startsAt = new Date(Date.now() + 5 * 60_000);
    const reservation = await driver.api.reservations.create.mutate({
      lotId,
      vehicleId: vehicle.id,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 3_600_000),
    });
    expect(reservation.amountCents).toBe(180);

    await openAs(page, driver, "/reservations");
    const row = reservationRow(page, plate);
    await row.getByRole("button", { name: "Check in" }).click();
    await page.waitForURL(/\/sessions$/);
    await page
      .getByRole("status")
      .filter({ hasText: `Checked in at ${seededLots.porto}` })
      .waitFor();

    const parked = page.getByRole("listitem", { name: `Session at ${seededLots.porto}` });
    expect(await parked.getByLabel("Status").textContent()).toBe("active (reserved)");
    await parked.getByRole("button", { name: "End" }).click();

    const receipt = page.getByRole("region", { name: "Receipt" });
    await receipt.waitFor();
    expect(await receipt.getByLabel("Amount").textContent()).toBe(euros(180));
    expect(await receipt.getByLabel("Payment", { exact: true }).textContent()).toBe("unpaid");
    await receipt.getByLabel("Payment method").selectOption("wallet");
    await receipt.getByRole("button", { name: `Pay ${euros(180)}` }).click();
    await expect.poll(() => receipt.getByLabel("Payment", { exact: true }).textContent()).toBe("paid");
    expect(await page.getByRole("button", { name: /^Pay/ }).count()).toBe(0);

    const [session] = (await driver.api.sessions.list.query({})).items;
    expect(session).toMatchObject({ status: "completed", amountCents: 180, paymentStatus: "paid", reservationId: reservation.id });
    expect((await driver.api.reservations.byId.query({ id: reservation.id })).status).toBe("completed");
  });
});

describe("history", () => {
  test("a driver downloads their reservations and sessions as CSV from their profile", async () => {
    const { page, baseUrl } = browsing;
    const driver = await newDriver(baseUrl, "history");
    const lotId = await lotIdByName(driver.api, seededLots.lisbon);
    const car = await driver.api.vehicles.create.mutate({ plate: newPlate("H") });
    const session = await driver.api.sessions.start.mutate({ lotId, vehicleId: car.id });

    await openAs(page, driver, "/profile");
    const history = page.getByRole("region", { name: "Your history" });
    const [download] = await Promise.all([page.waitForEvent("download"), history.getByRole("button", { name: "Download CSV" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^park-history-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = (await readFile((await download.path())!, "utf8")).trim().split("\r\n");
    expect(lines[0]!.startsWith("record,id,lot,timezone,plate,")).toBe(true);
    expect(lines.slice(1)).toHaveLength(1);
    expect(lines[1]).toMatch(new RegExp(`^session,${session.id},${seededLots.lisbon},Europe/Lisbon,${car.plate},`));
  });
});
