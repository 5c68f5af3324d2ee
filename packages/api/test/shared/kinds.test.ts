// The lean HTTP path trusts procedureKinds instead of tRPC's internals; the
// typecheck keeps it in step with the router's types, and this with the
// router that actually runs.
import { describe, expect, it } from "vitest";
import { appRouter } from "../../src/root.ts";
import { procedureKinds } from "../../src/wire/kinds.ts";
import { procedurePaths } from "../all-procedures/procedures.ts";

describe("procedureKinds", () => {
  it("names every procedure of the router with the kind it was built as", () => {
    const actual = procedurePaths(appRouter).map((path) => {
      let node: unknown = appRouter;
      for (const key of path.split(".")) node = (node as Record<string, unknown>)[key];
      return [path, (node as { _def: { type: string } })._def.type] as const;
    });
    expect(Object.fromEntries([...procedureKinds].sort())).toEqual(Object.fromEntries(actual));
  });
});
