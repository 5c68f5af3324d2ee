import { describe, expect, test } from "vitest";
import { adminAccount, attendantAccount, newPlate, seededDriver, seededLots } from "./accounts.ts";
import { existingUser, openAs } from "./api.ts";
import { useBrowser } from "./browser.ts";
import { alertText } from "./flows.ts";

const browsing = useBrowser();

describe("lots administration", () => {
  test("an admin lays out a two-level lot that drivers then find with its capacity", async () => {
    const { page, baseUrl } = browsing;
    const admin = await existingUser(baseUrl, adminAccount);
    const name = `Layout Garage ${newPlate("L")}`;

    await openAs(page, admin, "/admin");
    await page.getByRole("link", { name: "Lots", exact: true }).click();
    await page.getByRole("link", { name: "New lot" }).click();
    await page.getByRole("heading", { name: "New lot" }).waitFor();
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByLabel("Address", { exact: true }).fill("9 Layout Lane");
    await page.getByLabel("City", { exact: true }).fill("Testville");
    await page.getByLabel("Hourly rate").fill("3");
    await page.getByLabel("Daily maximum").fill("20.00");

    const level1 = page.getByRole("group", { name: "Level 1", exact: true });
    await level1.getByLabel("Level name").fill("G");
    await level1.getByRole("group", { name: "Row 1", exact: true }).getByLabel("Spots").fill("6");
    await level1.getByRole("button", { name: "Add row" }).click();
    const row2 = level1.getByRole("group", { name: "Row 2", exact: true });
    expect(await row2.getByLabel("Row name").inputValue()).toBe("B");
    await row2.getByLabel("Spots").fill("4");
    await row2.getByLabel("Kind").selectOption("ev");
    await page.getByRole("button", { name: "Add level" }).click();
    const level2 = page.getByRole("group", { name: "Level 2", exact: true });
    await level2.getByLabel("Level name").fill("R");
    await level2.getByRole("group", { name: "Row 1", exact: true }).getByLabel("Spots").fill("5");
    await level2.getByRole("group", { name: "Row 1", exact: true }).getByLabel("Kind").selectOption("compact");
    // A third row, added and removed again, leaves no trace.
    await level2.getByRole("button", { name: "Add row" }).click();
    await level2.getByRole("group", { name: "Row 2", exact: true }).getByRole("button", { name: "Remove row" }).click();
    expect(await page.getByText(/^Total:/).textContent()).toBe("Total: 15 spots on 2 levels, 3 rows");

    await page.getByRole("button", { name: "Create lot" }).click();
    await page.waitForURL(/\/lots\/[0-9a-f-]{36}$/);
    await page
      .getByRole("status")
      .filter({ hasText: `Created ${name} with 15 spots.` })
      .waitFor();
    expect(await page.getByRole("list", { name: "Level G, row A" }).getByRole("listitem").count()).toBe(6);
    expect(await page.getByRole("list", { name: "Level G, row B" }).getByText("EV", { exact: true }).count()).toBe(4);
    expect(await page.getByRole("list", { name: "Level R, row A" }).getByText("C", { exact: true }).count()).toBe(5);

    const lotId = new URL(page.url()).pathname.split("/").at(-1) ?? "";
    const saved = await admin.api.lots.byId.query({ id: lotId });
    expect(saved.levels.map((level) => [level.name, level.rows.map((row) => [row.name, row.capacity])])).toEqual([
      [
        "G",
        [
          ["A", 6],
          ["B", 4],
        ],
      ],
      ["R", [["A", 5]]],
    ]);
    expect(saved).toMatchObject({ hourlyRateCents: 300, dailyMaxCents: 2000 });

    const driver = await existingUser(baseUrl, seededDriver);
    await openAs(page, driver, "/lots");
    await page.getByLabel("Search").fill(name);
    await page.getByRole("button", { name: "Search" }).click();
    const card = page.getByRole("listitem", { name });
    await card.waitFor();
    expect(await card.getByLabel("Free now").textContent()).toBe("15 of 15");
    expect(await card.getByLabel("Hourly rate").textContent()).toBe("$3.00");
    expect(await card.getByLabel("Daily max").textContent()).toBe("$20.00");
  });

  test("an admin reprices and resizes a lot, and cannot shrink it onto parked cars", async () => {
    const { page, baseUrl } = browsing;
    const admin = await existingUser(baseUrl, adminAccount);
    const name = `Small Lot ${newPlate("S")}`;
    const lot = await admin.api.lots.create.mutate({ name, address: "1 Small Street", city: "Testville", hourlyRateCents: 200, capacity: 2 });
    await admin.api.gate.enter.mutate({ lotId: lot.id, plate: newPlate("A") });
    await admin.api.gate.enter.mutate({ lotId: lot.id, plate: newPlate("B") });

    await openAs(page, admin, `/admin/lots/${lot.id}/edit`);
    const capacity = page.getByLabel("Capacity");
    expect(await capacity.inputValue()).toBe("2");
    expect(await page.getByLabel("Hourly rate").inputValue()).toBe("2.00");
    await capacity.fill("1");
    await page.getByLabel("Hourly rate").fill("2.75");
    await page.getByRole("button", { name: "Save changes" }).click();
    // The server's count of spots in use is its own business; the refusal is what matters.
    expect(await alertText(page)).toMatch(/^Cannot shrink to 1: \d+ of the spots to remove are in use or booked$/);
    // A refused change changes nothing, prices included.
    expect(await admin.api.lots.byId.query({ id: lot.id })).toMatchObject({ capacity: 2, hourlyRateCents: 200 });

    await page.getByLabel("Capacity").fill("3");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `Saved. ${name} has 3 spots.` })
      .waitFor();
    expect(await admin.api.lots.byId.query({ id: lot.id })).toMatchObject({ capacity: 3, available: 1, hourlyRateCents: 275 });
    expect(await page.getByLabel("Capacity").inputValue()).toBe("3");
  });
});

describe("gate", () => {
  test("an attendant lets a car in and out; its occupied spot cannot go out of service", async () => {
    const { page, baseUrl } = browsing;
    const attendant = await existingUser(baseUrl, attendantAccount);
    const plate = newPlate("G");

    await openAs(page, attendant, "/gate");
    const nav = page.getByRole("navigation", { name: "Main" });
    expect(await nav.getByRole("link", { name: "Gate" }).isVisible()).toBe(true);
    expect(await nav.getByRole("link", { name: "Occupancy board" }).isVisible()).toBe(true);
    expect(await nav.getByRole("link", { name: "Admin" }).count()).toBe(0);

    await page.getByRole("combobox", { name: "Lot" }).selectOption({ label: `${seededLots.madrid} (Madrid)` });
    await page.getByLabel("Plate").fill(plate.toLowerCase());
    await page.getByRole("button", { name: "Enter", exact: true }).click();
    const ticket = page.getByRole("region", { name: "Ticket issued" });
    await ticket.waitFor();
    expect(await ticket.getByLabel("Status").textContent()).toBe("active");
    expect(await ticket.getByLabel("Plate").textContent()).toBe(plate);
    const spot = ticket.getByLabel("Spot");
    await expect.poll(() => spot.textContent()).toMatch(/^L\d · row \w+ · spot \d+$/);
    const [, level, row, label] = /^(L\d) · row (\w+) · spot (\d+)$/.exec((await spot.textContent()) ?? "") ?? [];

    await nav.getByRole("link", { name: "Occupancy board" }).click();
    await page.getByRole("combobox", { name: "Lot" }).selectOption({ label: `${seededLots.madrid} (Madrid)` });
    await page.getByRole("heading", { name: "Totals" }).waitFor();
    expect(Number(await page.getByLabel("Occupied", { exact: true }).textContent())).toBeGreaterThanOrEqual(1);
    await page
      .getByRole("list", { name: `Level ${level}, row ${row}` })
      .getByRole("button", { name: `Spot ${label}, Standard, occupied` })
      .click();
    await page.getByRole("button", { name: "Take out of service" }).click();
    expect(await alertText(page)).toBe("The spot is occupied");

    await nav.getByRole("link", { name: "Gate" }).click();
    await page.getByRole("combobox", { name: "Lot" }).selectOption({ label: `${seededLots.madrid} (Madrid)` });
    await page.getByLabel("Plate").fill(plate);
    await page.getByRole("button", { name: "Exit", exact: true }).click();
    const exit = page.getByRole("region", { name: "Exit ticket" });
    await exit.waitFor();
    expect(await exit.getByLabel("Status").textContent()).toBe("completed");
    expect(await exit.getByLabel("Amount").textContent()).toBe("€0.00");
    expect(await exit.getByLabel("Payment").textContent()).toBe("waived");

    // The car has left: a second exit finds no session.
    await page.getByRole("button", { name: "Exit", exact: true }).click();
    expect(await alertText(page)).toBe("Active session for that plate not found");
    expect(await page.getByRole("region", { name: "Exit ticket" }).count()).toBe(0);
  });
});
