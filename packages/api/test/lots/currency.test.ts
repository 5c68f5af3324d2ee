// A new lot charges in its country's currency unless told otherwise, never
// silently in dollars.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currencyForTimezone } from "../../src/domains/lots/currency.ts";
import { createTestApi, type Caller, type TestApi } from "../harness.ts";

describe("the currency of a new lot", () => {
  let api: TestApi;
  let admin: Caller;
  const base = { address: "1 Coin St", city: "Mint", hourlyRateCents: 200, capacity: 1 };

  beforeAll(async () => {
    api = await createTestApi("pglite");
    admin = (await api.signUp("admin")).caller;
  });
  afterAll(() => api.close());

  it("follows the timezone's country", async () => {
    expect((await admin.lots.create({ ...base, name: "Lisbon", timezone: "Europe/Lisbon" })).currency).toBe("EUR");
    expect((await admin.lots.create({ ...base, name: "London", timezone: "Europe/London" })).currency).toBe("GBP");
    expect((await admin.lots.create({ ...base, name: "Tokyo", timezone: "Asia/Tokyo" })).currency).toBe("JPY");
  });

  it("is what the creator names, whatever the timezone", async () => {
    expect((await admin.lots.create({ ...base, name: "Dollars in Lisbon", timezone: "Europe/Lisbon", currency: "USD" })).currency).toBe("USD");
  });

  it("falls back to the configured default where the timezone has no country", () => {
    expect(currencyForTimezone("UTC", "CHF")).toBe("CHF");
    expect(currencyForTimezone(undefined, "CHF")).toBe("CHF");
    expect(currencyForTimezone("Europe/Zurich", "EUR")).toBe("CHF");
  });

  it("takes the instance's default when given none and no timezone", async () => {
    expect((await admin.lots.create({ ...base, name: "Nowhere" })).currency).toBe(api.deps.defaultCurrency);
  });
});
