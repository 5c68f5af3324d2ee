// Failures on the REST surface, as RFC 9457 problem details
// (application/problem+json). Each is made from the tRPC error shape, so it
// carries the same tRPC code, appCode, message, request id and field errors
// as the same failure on /trpc.
import { getTRPCErrorShape, type TRPC_ERROR_CODE_KEY as TRPCCode, type TRPCError } from "@trpc/server";
import { z } from "zod";
import { appCodes, type AppErrorCode } from "../shared/errors.ts";
import { wireConfig } from "./config.ts";
import { fallbackAppCodes, type formatError } from "./errors.ts";

export const problemMediaType = "application/problem+json";

type ErrorShape = ReturnType<typeof formatError>;

/**
 * Problem types are named, not located: one tag URI (RFC 4151) per appCode,
 * as stable as the code itself. Clients compare it, or simply read `appCode`.
 */
export const problemType = (appCode: AppErrorCode) => `tag:park,2026:problem:${appCode}`;

/** The appCode in words, the same for every occurrence: "Spot taken". */
export const problemTitle = (appCode: AppErrorCode) => appCode.charAt(0) + appCode.slice(1).toLowerCase().replaceAll("_", " ");

const trpcCodes = Object.keys(fallbackAppCodes) as [TRPCCode, ...TRPCCode[]];

export const problemSchema = z
  .object({
    type: z.string().meta({ description: "A tag URI naming the appCode (`tag:park,2026:problem:SPOT_TAKEN`): an identifier, not a link." }),
    title: z.string().meta({ description: "The appCode in words." }),
    status: z.number().int().meta({ description: "The HTTP status of the answer." }),
    detail: z.string().meta({ description: "What went wrong this time, for people; never branch on it." }),
    code: z.enum(trpcCodes).meta({ description: "The tRPC error code the same failure has on /trpc." }),
    appCode: z.enum(Object.keys(appCodes) as [AppErrorCode, ...AppErrorCode[]]).meta({ description: "The stable domain code to branch on." }),
    requestId: z.string().nullable().meta({ description: "The request's id, as in the server's logs and the x-request-id header." }),
    fieldErrors: z
      .record(z.string(), z.array(z.string()))
      .optional()
      .meta({ description: "Invalid input only: the messages for each field, whether it came in the body, the query or the path." }),
    formErrors: z.array(z.string()).optional().meta({ description: "Invalid input only: the messages about the input as a whole." }),
  })
  .meta({ description: "A failure, as RFC 9457 problem details." });

export type Problem = z.infer<typeof problemSchema>;

/** How a failed call looks on REST: the tRPC error shape of the same failure, as problem details. */
export function problemOf(
  error: TRPCError,
  call: { type: "query" | "mutation" | "unknown"; path: string | undefined; input: unknown; ctx: { requestId: string } | undefined },
): Problem {
  const shape = getTRPCErrorShape({ config: wireConfig, error, ...call }) as ErrorShape;
  const { appCode, zodError } = shape.data;
  return {
    type: problemType(appCode),
    title: problemTitle(appCode),
    status: shape.data.httpStatus,
    detail: shape.message,
    code: shape.data.code,
    appCode,
    requestId: shape.data.requestId,
    ...(zodError ? { fieldErrors: zodError.fieldErrors, formErrors: zodError.formErrors } : {}),
  };
}
