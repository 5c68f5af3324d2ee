// Every procedure of the router, by path, at run time and in types, so that a
// suite meant to cover them all fails when one is added without coverage.
import type { AnyTRPCRouter } from "@trpc/server";
import type { Caller } from "../harness.ts";

type Leaves<T, Prefix extends string = ""> = {
  [K in keyof T & string]: T[K] extends (...args: never[]) => unknown ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** "lots.list", "auth.me", …: a record keyed by it must name every procedure. */
export type ProcedurePath = Leaves<Caller>;

/**
 * The paths of a router's procedures, read from the router as `t.router()`
 * builds it: sub-routers and procedures are its public properties, beside
 * `_def` and `createCaller`. Procedures are the functions among them.
 */
export function procedurePaths(router: AnyTRPCRouter): string[] {
  const paths: string[] = [];
  const walk = (node: object, prefix: string) => {
    for (const [key, value] of Object.entries(node)) {
      if (key === "_def" || key === "createCaller") continue;
      if (typeof value === "function") paths.push(`${prefix}${key}`);
      else if (value && typeof value === "object") walk(value as object, `${prefix}${key}.`);
    }
  };
  walk(router, "");
  return paths.sort();
}

/** Calls a procedure by path on a caller, as a client would with any input. */
export function callByPath(caller: Caller, path: string, input: unknown): Promise<unknown> {
  let target: unknown = caller;
  for (const key of path.split(".")) target = (target as Record<string, unknown>)[key];
  return (target as (input: unknown) => Promise<unknown>)(input);
}
