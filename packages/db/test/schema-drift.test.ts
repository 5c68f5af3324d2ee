import { expect, test } from "vitest";

type SchemaDiff = (options?: { fromEmpty?: boolean }) => Promise<string>;

// A plain script without type declarations; loaded by URL so the type checker does not follow it.
const scriptUrl = new URL("../scripts/schema-diff.mjs", import.meta.url).href;
const { schemaDiff } = (await import(/* @vite-ignore */ scriptUrl)) as { schemaDiff: SchemaDiff };

/**
 * The engine reports a panic as an uncaught exception and never settles its
 * promise; fail at once with that error instead of waiting for the timeout.
 */
function settledOrCrashed<T>(promise: Promise<T>): Promise<T> {
  let onCrash: ((error: unknown) => void) | undefined;
  const crashed = new Promise<never>((_, reject) => {
    onCrash = (error) => reject(error instanceof Error ? error : new Error(String(error)));
    process.once("uncaughtException", onCrash);
  });
  return Promise.race([promise, crashed]).finally(() => process.off("uncaughtException", onCrash!));
}

function statements(sql: string): string[] {
  return sql
    .split("\n")
    .filter((line) => !line.trim().startsWith("--"))
    .join("\n")
    .split(";")
    .map((s) => s.replace(/\s+/g, " ").trim())
    .filter(Boolean);
}

// The schema engine's shadow database on PGlite reports the extensions as
// missing even though the migrations create them; nothing else may differ.
test("the committed migrations produce exactly schema.prisma", { timeout: 120_000 }, async () => {
  const drift = statements(await settledOrCrashed(schemaDiff()));
  expect(drift.filter((s) => !/^CREATE EXTENSION\b/i.test(s))).toEqual([]);
});

test("schemaDiff runs again in the same process, and from an empty database gives the full schema", { timeout: 60_000 }, async () => {
  const full = statements(await settledOrCrashed(schemaDiff({ fromEmpty: true })));
  expect(full.some((s) => s.startsWith('CREATE TABLE "reservations"'))).toBe(true);
  expect(full.filter((s) => !/^CREATE EXTENSION\b/i.test(s)).length).toBeGreaterThan(20);
});
