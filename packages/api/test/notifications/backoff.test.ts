// The wait before a failed message's next attempt: its ceiling doubles with
// each attempt up to a cap, and the random source spreads it over the upper
// half of that ceiling, so that messages that failed together (a server that
// was down) do not all come back at the same instant.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { retryDelay } from "../../src/domains/notifications/delivery.ts";

// The delivery's defaults: 30 s, doubled up to an hour.
const backoff = { baseMs: 30_000, maxMs: 3_600_000 };
const lowest = () => 0;
// The largest value a source in [0, 1) gives.
const highest = () => 1 - Number.EPSILON;

describe("retry delays", () => {
  it("differ by the random value, within the upper half of the ceiling", () => {
    const delays = [0, 0.25, 0.5, 0.75, 0.999].map((r) => retryDelay(1, backoff, () => r));
    expect(delays).toEqual([15_000, 18_750, 22_500, 26_250, 29_985]);
    expect(retryDelay(1, backoff, highest)).toBe(30_000);
    expect(retryDelay(4, backoff, () => 0.1)).not.toBe(retryDelay(4, backoff, () => 0.9));
  });

  it("double with each attempt until the cap, then stay there", () => {
    const attempts = [1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 40, 2_000];
    expect(attempts.map((n) => retryDelay(n, backoff, highest))).toEqual([
      30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000, 3_600_000, 3_600_000, 3_600_000,
    ]);
    expect(attempts.map((n) => retryDelay(n, backoff, lowest))).toEqual([
      15_000, 30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_800_000, 1_800_000, 1_800_000, 1_800_000, 1_800_000,
    ]);
  });

  it("keep within [ceiling / 2, ceiling] for any backoff, attempt and random value, rising with both", () => {
    const settings = fc
      .record({ baseMs: fc.integer({ min: 1, max: 600_000 }), extra: fc.integer({ min: 0, max: 86_400_000 }) })
      .map(({ baseMs, extra }) => ({ baseMs, maxMs: baseMs + extra }));
    const unit = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
    fc.assert(
      fc.property(settings, fc.integer({ min: 1, max: 80 }), unit, unit, (settings, attempts, r1, r2) => {
        const ceiling = Math.min(settings.maxMs, settings.baseMs * 2 ** (attempts - 1));
        const delay = retryDelay(attempts, settings, () => r1);
        expect(Number.isInteger(delay)).toBe(true);
        expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
        expect(delay).toBeLessThanOrEqual(ceiling);
        if (r1 <= r2) expect(delay).toBeLessThanOrEqual(retryDelay(attempts, settings, () => r2));
        expect(retryDelay(attempts + 1, settings, () => r1)).toBeGreaterThanOrEqual(delay);
      }),
    );
  });
});
