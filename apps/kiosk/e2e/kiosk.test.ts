import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { watchSlowdown } from "@park/db/testing";
import type { Locator, Page } from "playwright-core";
import { beforeAll, describe, expect, test } from "vitest";
import { attendantAccount, newPlate, seededDriver, seededLots } from "../../web/e2e/accounts.ts";
import { euros, existingUser, lotIdByName, type Person } from "../../web/e2e/api.ts";
import { useBrowser } from "../../web/e2e/browser.ts";
import { startRelay } from "./relay.ts";

const browsing = useBrowser();
const results = fileURLToPath(new URL("../test-results/", import.meta.url));

let attendant: Person;
beforeAll(async () => {
  attendant = await existingUser(browsing.baseUrl, attendantAccount);
  await mkdir(results, { recursive: true });
});

async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: `${results}${name}.png` });
}

/** The figures of a list of label–value pairs, by label. */
async function figures(list: Locator): Promise<Record<string, number>> {
  const pairs = await list
    .locator(".fact")
    .evaluateAll((facts) => facts.map((fact) => [fact.querySelector("dt")?.textContent, fact.querySelector("dd")?.textContent]));
  return Object.fromEntries(pairs.map(([label, value]) => [label ?? "", Number(value)]));
}

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((total, count) => total + count, 0);

/** Whether the page fits the window: a display at a garage entrance cannot be scrolled. */
async function overflow(page: Page) {
  return page.evaluate(() => ({
    vertical: document.documentElement.scrollHeight - window.innerHeight,
    horizontal: document.documentElement.scrollWidth - window.innerWidth,
  }));
}

describe("lobby display", () => {
  test("follows a gate entry made through the API within a second, and fits 1920×1080 and 1280×720", async () => {
    const { page } = browsing;
    const lotId = await lotIdByName(attendant.api, seededLots.lisbon);
    const lot = await attendant.api.lots.byId.query({ id: lotId });

    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(`/kiosk/lots/${lotId}`);
    await page.getByRole("heading", { name: seededLots.lisbon, level: 1 }).waitFor();
    const connection = page.getByRole("status");
    await expect.poll(() => connection.textContent()).toMatch(/^Live · updated \d/);
    const count = page.getByLabel("Spots free now");
    const before = Number(await count.textContent());
    expect(before).toBeGreaterThan(0);
    const byLevel = page.getByRole("region", { name: "By level" });
    const byKind = page.getByRole("region", { name: "By kind of spot" });
    const byVehicle = page.getByRole("region", { name: "By vehicle" });
    await expect.poll(async () => Object.keys(await figures(byLevel))).toEqual(lot.levels.map((level) => `Level ${level.name}`));
    await expect.poll(async () => Object.keys(await figures(byVehicle))).toEqual(["Car", "Motorcycle", "Van"]);
    const levelsBefore = await figures(byLevel);
    const kindsBefore = await figures(byKind);
    const vehiclesBefore = await figures(byVehicle);
    expect(sum(levelsBefore)).toBe(sum(kindsBefore));
    expect(kindsBefore).toHaveProperty("EV charging");
    // The server's rule, as the display shows it: a motorcycle takes only a motorcycle spot, a car or a van any other.
    const { Motorcycle: motorcycleSpots = 0, ...carSpots } = kindsBefore;
    expect(vehiclesBefore).toEqual({ Car: sum(carSpots), Motorcycle: motorcycleSpots, Van: sum(carSpots) });

    // The instant the number changes, taken in the page by the same clock this process reads.
    await count.evaluate(
      (element, expected) => {
        const seen = window as unknown as { changedAt?: number };
        new MutationObserver(() => {
          if (element.textContent === expected) seen.changedAt ??= Date.now();
        }).observe(element, { characterData: true, childList: true, subtree: true });
      },
      String(before - 1),
    );
    const plate = newPlate("LOB");
    const slowdownWatch = watchSlowdown();
    const sent = Date.now();
    await attendant.api.gate.enter.mutate({ lotId, plate });
    const answered = Date.now();
    const changedAt = Number(
      await page
        .waitForFunction(() => (window as unknown as { changedAt?: number }).changedAt, undefined, { timeout: 15_000 })
        .then((handle) => handle.jsonValue()),
    );
    const slowdown = await slowdownWatch.stop();
    console.log(
      `lobby display: ${changedAt - answered} ms after gate.enter answered, ${changedAt - sent} ms after it was sent ` +
        `(machine at most ${slowdown.toFixed(1)}× slower than quiet)`,
    );
    // A second on a quiet machine.
    expect(changedAt - answered).toBeLessThan(1_000 * slowdown);
    expect(await count.textContent()).toBe(String(before - 1));

    // The breakdown is counted again on the change: one level and one kind have a spot fewer.
    await expect.poll(async () => sum(await figures(byLevel))).toBe(sum(levelsBefore) - 1);
    expect(sum(await figures(byKind))).toBe(sum(kindsBefore) - 1);
    await expect
      .poll(async () => (await figures(byVehicle)).Car! + (await figures(byVehicle)).Motorcycle!)
      .toBe(vehiclesBefore.Car! + vehiclesBefore.Motorcycle! - 1);
    expect(await overflow(page)).toEqual({ vertical: 0, horizontal: 0 });
    await screenshot(page, "lobby-1920x1080");

    await page.setViewportSize({ width: 1280, height: 720 });
    expect(await overflow(page)).toEqual({ vertical: 0, horizontal: 0 });
    await screenshot(page, "lobby-1280x720");

    await attendant.api.gate.exit.mutate({ lotId, plate });
    await expect.poll(() => count.textContent()).toBe(String(before));
  });

  test("shows when its feed is down, with the last figures dimmed, and comes back by itself", async () => {
    const { page, baseUrl } = browsing;
    const lotId = await lotIdByName(attendant.api, seededLots.porto);
    // The page reaches the server through a relay that stands for the network, so the network can fail.
    const relay = await startRelay(baseUrl);
    try {
      await page.setViewportSize({ width: 1280, height: 720 });
      await page.goto(`${relay.url}/kiosk/lots/${lotId}`);
      const connection = page.getByRole("status");
      await expect.poll(() => connection.textContent()).toMatch(/^Live/);
      const count = page.getByLabel("Spots free now");
      const figure = await count.textContent();
      const opacity = () => count.evaluate((element) => Number(getComputedStyle(element).opacity));
      expect(await opacity()).toBe(1);

      // As with a pulled cable, the browser also learns that it is offline, and later online again.
      relay.cut();
      await page.context().setOffline(true);
      await expect.poll(() => connection.textContent(), { timeout: 5_000 }).toMatch(/^Offline · last updated \d/);
      expect((await page.getByRole("alert").textContent())?.trim()).toBe("The live feed is down: these figures may be out of date. Reconnecting by itself.");
      expect(await count.textContent()).toBe(figure);
      expect(await opacity()).toBeLessThan(0.5);
      await screenshot(page, "lobby-offline");

      relay.restore();
      await page.context().setOffline(false);
      await expect.poll(() => connection.textContent(), { timeout: 5_000 }).toMatch(/^Live/);
      expect(await page.getByRole("alert").count()).toBe(0);
      expect(await opacity()).toBe(1);
    } finally {
      await relay.close();
    }
  });
});

describe("gate kiosk", () => {
  test("an attendant signs in, picks the lot, lets a car in on the on-screen keys and out with a receipt", async () => {
    const { page } = browsing;
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto("/kiosk/gate");
    await page.getByLabel("Email or username").fill(attendantAccount.email);
    await page.getByLabel("Password").fill(attendantAccount.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("button", { name: new RegExp(`^${seededLots.madrid}`) }).click();
    await page.getByRole("heading", { name: `Gate · ${seededLots.madrid}` }).waitFor();

    const plate = newPlate("K");
    const keys = page.getByRole("group", { name: "Plate keys" });
    const field = page.getByRole("textbox", { name: "Plate" });
    await keys.getByRole("button", { name: "Q", exact: true }).click();
    await keys.getByRole("button", { name: "Clear" }).click();
    expect(await field.inputValue()).toBe("");
    for (const key of `${plate}X`) await keys.getByRole("button", { name: key, exact: true }).click();
    await keys.getByRole("button", { name: "Backspace" }).click();
    expect(await field.inputValue()).toBe(plate);
    await page.getByRole("button", { name: "Enter", exact: true }).click();
    const parked = page.getByRole("region", { name: "Parked" });
    await parked.waitFor();
    expect(await parked.getByLabel("Plate").textContent()).toBe(plate);
    expect(await parked.getByLabel("Spot").textContent()).toMatch(/^Level \w+ · row \w+ · spot \w+$/);
    expect(await field.inputValue()).toBe("");

    // A reload keeps the attendant and the lot; the physical keyboard types too, lower case and dashes included.
    await page.reload();
    await page.getByRole("heading", { name: `Gate · ${seededLots.madrid}` }).waitFor();
    await page.locator("body").click({ position: { x: 5, y: 5 } });
    await page.keyboard.type(`${plate.slice(0, 3).toLowerCase()}-${plate.slice(3)}`);
    expect(await field.inputValue()).toBe(plate);
    await page.getByRole("button", { name: "Exit", exact: true }).click();
    const receipt = page.getByRole("region", { name: "Receipt" });
    await receipt.waitFor();
    expect(await receipt.getByLabel("Plate").textContent()).toBe(plate);
    // Out within the grace period: nothing to pay, in the lot's currency.
    expect(await receipt.getByLabel("Amount").textContent()).toBe(euros(0));
    expect(await receipt.getByLabel("Duration").textContent()).toBe("under a minute");
    expect(await receipt.getByLabel("Payment").textContent()).toBe("Nothing to pay");
    await screenshot(page, "gate-receipt");

    // The same car again: it has left, so there is nothing to let out.
    await field.fill(plate);
    await page.getByRole("button", { name: "Exit", exact: true }).click();
    const alert = page.getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).toBe(`No car with plate ${plate} is parked in this lot.`);
    expect(await receipt.count()).toBe(0);
    await screenshot(page, "gate-error");
  });

  test("a driver who signs in is told the gate is for staff, and is not kept signed in", async () => {
    const { page } = browsing;
    await page.goto("/kiosk/gate");
    await page.getByLabel("Email or username").fill(seededDriver.email);
    await page.getByLabel("Password").fill(seededDriver.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    const alert = page.getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/^Only gate staff can sign in here: \S+ is a driver's account\.$/);
    expect(await page.evaluate(() => localStorage.getItem("park.kiosk.tokens"))).toBeNull();
    expect(await page.getByRole("button", { name: "Sign in" }).isVisible()).toBe(true);
  });
});
