// The pieces of the wire format that the HTTP server's lean path needs, from
// the same sources the router is built with, so both paths answer alike.
import type { getTRPCErrorShape, TRPCCombinedDataTransformer } from "@trpc/server";
import { transformer } from "../transformer.ts";
import { formatError } from "./errors.ts";
import { readInput } from "./input.ts";

export const wireTransformer = {
  input: { serialize: transformer.serialize, deserialize: readInput },
  output: transformer,
} satisfies TRPCCombinedDataTransformer;

type WireConfig = Parameters<typeof getTRPCErrorShape>[0]["config"];

/**
 * What `getTRPCErrorShape` and `transformTRPCResponse` read: the transformer
 * and the error formatter. Stack traces never reach clients, so `isDev` is off.
 */
export const wireConfig = {
  transformer: wireTransformer,
  errorFormatter: formatError,
  isDev: false,
  isServer: true,
  allowOutsideOfServer: false,
} as unknown as WireConfig;
