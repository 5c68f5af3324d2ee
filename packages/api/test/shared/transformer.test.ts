import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { transformer } from "../../src/transformer.ts";

describe("transformer", () => {
  it.each([
    ["plain object", { a: 1, b: "x", c: [true, null, { d: 2.5 }] }],
    ["a Date", { at: new Date("2026-01-02T03:04:05Z") }],
    ["undefined field", { a: undefined, b: 1 }],
    ["nested Date in array", [{ x: [new Date(0)] }]],
    ["special numbers", { nan: Number.NaN, inf: Number.POSITIVE_INFINITY, neg: -0 }],
    ["Map and Set", { m: new Map([["k", 1]]), s: new Set([1]) }],
    ["BigInt", { n: 10n }],
    ["null", null],
    ["string", "text"],
    [
      "class instance",
      new (class Point {
        x = 1;
      })(),
    ],
  ])("serialises %s exactly as superjson does and round-trips it", (_name, value) => {
    const wire = JSON.parse(JSON.stringify(transformer.serialize(value)));
    expect(wire).toEqual(JSON.parse(JSON.stringify(superjson.serialize(value))));
    expect(transformer.deserialize(wire)).toEqual(value);
  });

  it("keeps -0 apart from 0, which plain JSON would merge", () => {
    const back = transformer.deserialize(JSON.parse(JSON.stringify(transformer.serialize({ n: -0 })))) as { n: number };
    expect(Object.is(back.n, -0)).toBe(true);
  });
});
