// Whether each procedure is a query, a mutation or a subscription, for the HTTP
// server's lean path, which must know it before calling anything. tRPC keeps
// this in router internals; here it is written down once and checked against
// the router's type: a missing, extra or wrong entry fails the typecheck.
import type { AnyTRPCProcedure, TRPCMutationProcedure, TRPCQueryProcedure, TRPCSubscriptionProcedure } from "@trpc/server";
import type { AppRouter } from "../root.ts";

export type ProcedureKind = "query" | "mutation" | "subscription";

type KindOf<P> =
  P extends TRPCQueryProcedure<infer _>
    ? "query"
    : P extends TRPCMutationProcedure<infer _>
      ? "mutation"
      : P extends TRPCSubscriptionProcedure<infer _>
        ? "subscription"
        : never;

type Kinds<R> = { [K in Exclude<keyof R, "_def" | "createCaller">]: R[K] extends AnyTRPCProcedure ? KindOf<R[K]> : Kinds<R[K]> };

const kinds: Kinds<AppRouter> = {
  health: { check: "query" },
  auth: { register: "mutation", login: "mutation", refresh: "mutation", logout: "mutation", me: "query", changePassword: "mutation" },
  lots: {
    list: "query",
    byId: "query",
    create: "mutation",
    update: "mutation",
    delete: "mutation",
    availability: "query",
    occupancy: "query",
    onAvailability: "subscription",
  },
  levels: { list: "query", create: "mutation" },
  rows: { list: "query", create: "mutation" },
  spots: { list: "query", create: "mutation", setOutOfService: "mutation" },
  vehicles: { list: "query", create: "mutation", remove: "mutation" },
  reservations: { quote: "query", create: "mutation", list: "query", byId: "query", cancel: "mutation" },
  sessions: { start: "mutation", end: "mutation", pay: "mutation", list: "query" },
  gate: { enter: "mutation", exit: "mutation" },
  exports: { history: "mutation" },
  admin: {
    users: { list: "query", update: "mutation" },
    audit: { list: "query" },
    reports: { summary: "query" },
    jobs: { run: "mutation", list: "query" },
    mail: { list: "query", retry: "mutation" },
  },
};

function flatten(tree: object, prefix = ""): [string, ProcedureKind][] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === "string" ? [[prefix + key, value as ProcedureKind]] : flatten(value as object, `${prefix}${key}.`),
  );
}

/** Every procedure's dotted path and kind. */
export const procedureKinds: ReadonlyMap<string, ProcedureKind> = new Map(flatten(kinds));
