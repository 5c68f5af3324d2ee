// The README's table of appCodes is written from the catalogue in errors.ts,
// so the published list can never drift from what the server sends.
import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { appCodes } from "../../src/shared/errors.ts";
import { windowRules } from "../../src/domains/reservations/window.ts";

const readmePath = new URL("../../../../README.md", import.meta.url);
const begin = /<!-- appCodes: generated[^\n]*-->\n/;
const end = "<!-- appCodes:end -->";

function renderTable(): string {
  const rows = Object.entries(appCodes).map(([code, { status, meaning }]) => `| \`${code}\` | \`${status}\` | ${meaning} |`);
  return ["| `appCode` | tRPC code | meaning |", "| --- | --- | --- |", ...rows, "", ""].join("\n");
}

describe("README appCode table", () => {
  it("lists every code of the catalogue, in its order, with its tRPC code and meaning", () => {
    const readme = readFileSync(readmePath, "utf8");
    const opening = begin.exec(readme);
    const closing = readme.indexOf(end);
    expect(opening, "the README keeps the generated block's markers").not.toBeNull();
    expect(closing).toBeGreaterThan(opening!.index);
    const from = opening!.index + opening![0].length;
    const table = renderTable();
    if (process.env.PARK_WRITE_README === "1") writeFileSync(readmePath, readme.slice(0, from) + table + readme.slice(closing));
    else expect(readme.slice(from, closing), "run PARK_WRITE_README=1 pnpm --filter @park/api test readme").toBe(table);
  });

  it("states the window limits the rules apply", () => {
    expect(appCodes.WINDOW_IN_PAST.meaning).toContain(`${windowRules.maxPastMinutes} minutes`);
    expect(appCodes.WINDOW_TOO_FAR_AHEAD.meaning).toContain(`${windowRules.maxAheadDays} days`);
    expect(appCodes.WINDOW_TOO_LONG.meaning).toContain(`${windowRules.maxLengthDays} days`);
  });
});
