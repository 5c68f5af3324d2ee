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

/** A markdown table's cells, row by row, whatever the column padding. */
function cellsOf(markdown: string): string[][] {
  return markdown
    .split("\n")
    .filter((line) => line.startsWith("|"))
    .map((line) =>
      line
        .slice(1, -1)
        .split("|")
        .map((cell) => cell.trim().replace(/^-{3,}$/, "---")),
    );
}

describe("README appCode table", () => {
  it("lists every code of the catalogue, in its order, with its tRPC code and meaning", async () => {
    const readme = readFileSync(readmePath, "utf8");
    const opening = begin.exec(readme);
    const closing = readme.indexOf(end);
    expect(opening, "the README keeps the generated block's markers").not.toBeNull();
    expect(closing).toBeGreaterThan(opening!.index);
    const from = opening!.index + opening![0].length;
    const table = renderTable();
    if (process.env.PARK_WRITE_README === "1") {
      // Written the way Prettier lays out tables, so that the formatting check agrees.
      const prettier = await import("prettier");
      writeFileSync(readmePath, await prettier.format(readme.slice(0, from) + table + readme.slice(closing), { parser: "markdown", printWidth: 160 }));
    } else {
      expect(cellsOf(readme.slice(from, closing)), "run PARK_WRITE_README=1 pnpm --filter @park/api test readme").toEqual(cellsOf(table));
    }
  });

  it("states the window limits the rules apply", () => {
    expect(appCodes.WINDOW_IN_PAST.meaning).toContain(`${windowRules.maxPastMinutes} minutes`);
    expect(appCodes.WINDOW_TOO_FAR_AHEAD.meaning).toContain(`${windowRules.maxAheadDays} days`);
    expect(appCodes.WINDOW_TOO_LONG.meaning).toContain(`${windowRules.maxLengthDays} days`);
  });
});
