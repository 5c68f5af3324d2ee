import { describe, expect, test } from "vitest";
import { adminAccount, newAccount, seededLots } from "./accounts.ts";
import { lotIdByName, newDriver, openAs } from "./api.ts";
import { useBrowser } from "./browser.ts";
import { expectProfile, fact, fillSignIn, signIn, signUp } from "./flows.ts";

const browsing = useBrowser();

describe("admin area", () => {
  test("anonymous visitors are asked to sign in and see no console", async () => {
    const { page } = browsing;
    await page.goto("/admin");
    await page.waitForURL(/\/sign-in\?next=%2Fadmin$/);
    expect(await page.getByRole("status").textContent()).toBe("Sign in to continue.");
    expect(await page.getByRole("heading", { name: "Sign in" }).isVisible()).toBe(true);
    expect(await page.getByText("Admin console").count()).toBe(0);
    expect(await page.getByRole("link", { name: "Admin" }).count()).toBe(0);
  });

  test("a driver has no admin link and is refused at /admin", async () => {
    const { page } = browsing;
    const account = newAccount("driver");
    await signUp(page, account);
    await expectProfile(page, account);
    const nav = page.getByRole("navigation", { name: "Main" });
    expect(await nav.getByRole("link", { name: "Profile" }).isVisible()).toBe(true);
    expect(await nav.getByRole("link", { name: "Admin" }).count()).toBe(0);

    await page.goto("/admin");
    await page.getByRole("heading", { name: "Not allowed" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/admin");
    expect(await page.getByText("Admin console").count()).toBe(0);
    expect(await page.getByText("API health").count()).toBe(0);
  });

  test("a driver is refused the lot editor and the occupancy board, in the page and by the API", async () => {
    const { page, baseUrl } = browsing;
    const driver = await newDriver(baseUrl, "nosy");
    await openAs(page, driver, "/admin/lots/new");
    await page.getByRole("heading", { name: "Not allowed" }).waitFor();
    expect(await page.getByRole("heading", { name: "New lot" }).count()).toBe(0);
    expect(await page.getByLabel("Hourly rate").count()).toBe(0);

    await page.goto("/admin/occupancy");
    await page.getByRole("heading", { name: "Not allowed" }).waitFor();
    expect(await page.getByRole("heading", { name: "Occupancy board" }).count()).toBe(0);
    const nav = page.getByRole("navigation", { name: "Main" });
    expect(await nav.getByRole("link", { name: "Occupancy board" }).count()).toBe(0);
    expect(await nav.getByRole("link", { name: "Gate" }).count()).toBe(0);
    expect(await nav.getByRole("link", { name: "Reservations" }).isVisible()).toBe(true);

    // The pages only mirror the API, which refuses on its own.
    const lotId = await lotIdByName(driver.api, seededLots.lisbon);
    await expect(driver.api.lots.occupancy.query({ lotId })).rejects.toMatchObject({ data: { code: "FORBIDDEN" } });
    await expect(driver.api.lots.create.mutate({ name: "Nope", address: "x", city: "x", hourlyRateCents: 1, capacity: 1 })).rejects.toMatchObject({
      data: { code: "FORBIDDEN" },
    });
  });

  test("the admin signs in and sees the console with the API healthy", async () => {
    const { page } = browsing;
    await page.goto("/admin");
    await page.waitForURL(/\/sign-in\?next=%2Fadmin$/);
    await fillSignIn(page, adminAccount.email, adminAccount.password);

    await page.waitForURL(/\/admin$/);
    await page.getByRole("heading", { name: "Admin console" }).waitFor();
    await fact(page, "API status").waitFor();
    expect(await fact(page, "API status").textContent()).toBe("ok");
    expect(await fact(page, "Database").textContent()).toBe("ok");
    for (const section of ["Lots", "Occupancy", "Users", "Reports"]) {
      expect(await page.getByText(section, { exact: true }).isVisible()).toBe(true);
    }
    const nav = page.getByRole("navigation", { name: "Main" });
    expect(await nav.getByRole("link", { name: "Admin" }).isVisible()).toBe(true);

    await nav.getByRole("link", { name: "Profile" }).click();
    await page.waitForURL(/\/profile$/);
    await page.getByRole("heading", { name: "Your profile" }).waitFor();
    expect(await fact(page, "Role").textContent()).toBe("admin");
    expect(await fact(page, "Username").textContent()).toBe("root");
  });

  test("unknown addresses show the not-found page", async () => {
    const { page } = browsing;
    await signIn(page, adminAccount.email, adminAccount.password);
    await page.waitForURL(/\/profile$/);
    const response = await page.goto("/no/such/page");
    expect(response?.status()).toBe(200);
    await page.getByRole("heading", { name: "Page not found" }).waitFor();
    await expect.poll(() => page.title()).toBe("Not found · Park");
  });
});
