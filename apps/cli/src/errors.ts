// What a failed command says on stderr and which exit code it ends with, so
// that scripts can branch on the kind of failure without reading the words.
import { appCode, errorCode, fieldErrors } from "@park/sdk";

export const exitCodes = {
  ok: 0,
  failure: 1,
  usage: 2,
  auth: 3,
  conflict: 4,
  notFound: 5,
} as const;

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

/** The exit codes as `park --help` and the README list them. */
export const exitCodesHelp = `Exit codes:
  0  done
  1  anything else: the server cannot be reached, it failed, too many attempts…
  2  usage error: unknown command or option, a bad value, input the server refused (BAD_REQUEST)
  3  not signed in, or not allowed (UNAUTHORIZED, FORBIDDEN)
  4  conflict with the current state, e.g. the spot or the vehicle is already booked (CONFLICT)
  5  not found (NOT_FOUND)`;

/** A failure the CLI itself detects, before or instead of asking the server. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
  }
}

export const usageError = (message: string) => new CliError(message, exitCodes.usage);

/** The exit code for a tRPC error code, as the server sends it on every failed call. */
export function exitCodeForServerCode(code: string | undefined): ExitCode {
  switch (code) {
    case "BAD_REQUEST":
    case "PARSE_ERROR":
      return exitCodes.usage;
    case "UNAUTHORIZED":
    case "FORBIDDEN":
      return exitCodes.auth;
    case "CONFLICT":
      return exitCodes.conflict;
    case "NOT_FOUND":
      return exitCodes.notFound;
    default:
      return exitCodes.failure;
  }
}

/** An error answered by the server outside tRPC (the CSV download), with the same codes. */
export class ServerRefusal extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly appCode: string | undefined,
  ) {
    super(message);
  }
}

// Input fields the commands fill from differently named options.
const optionOfField: Record<string, string> = {
  startsAt: "--from",
  endsAt: "--to",
  from: "--from",
  to: "--to",
  lotId: "--lot",
  vehicleId: "--vehicle",
  plate: "--add",
  login: "--login",
  password: "--password",
  search: "--search",
  near: "--near",
};

/** The error and the errors under it (a failed call wraps fetch's, which wraps the socket's). */
function causes(error: unknown): Error[] {
  const chain: Error[] = [];
  for (let cause: unknown = error; cause instanceof Error && chain.length < 5; cause = cause.cause) chain.push(cause);
  return chain;
}

/** The network failure under a failed call (ECONNREFUSED, ENOTFOUND…), if that is what it was. */
function networkCode(error: unknown): string | undefined {
  return causes(error)
    .map((cause) => (cause as NodeJS.ErrnoException).code)
    .find((code) => typeof code === "string" && /^E[A-Z]+$/.test(code));
}

/** "fetch failed: bad port": each level's message once. */
function causeMessages(error: unknown): string {
  const messages = causes(error).map((cause) => cause.message);
  return messages.filter((message, i) => message && message !== messages[i - 1]).join(": ") || String(error);
}

/** What went wrong, in words, and the exit code that says what kind of failure it was. */
export function describeFailure(error: unknown, url: string): { lines: string[]; exitCode: ExitCode } {
  if (error instanceof CliError) return { lines: [error.message], exitCode: error.exitCode };
  if (error instanceof ServerRefusal) {
    return { lines: [inWords(error.message, error.appCode)], exitCode: exitCodeForServerCode(error.code) };
  }
  const code = errorCode(error);
  if (code === undefined) {
    const network = networkCode(error);
    if (network) return { lines: [`cannot reach the Park server at ${url} (${network})`], exitCode: exitCodes.failure };
    return { lines: [causeMessages(error)], exitCode: exitCodes.failure };
  }
  const app = appCode(error);
  const fields = Object.entries(fieldErrors(error)).filter((entry): entry is [string, string[]] => Array.isArray(entry[1]) && entry[1].length > 0);
  const message = error instanceof Error ? error.message : String(error);
  const lines =
    fields.length > 0
      ? [`invalid input${app ? ` (${app})` : ""}`, ...fields.map(([field, problems]) => `  ${optionOfField[field] ?? field}: ${problems.join("; ")}`)]
      : [inWords(message, app)];
  return { lines, exitCode: exitCodeForServerCode(code) };
}

// A stored sign-in that no longer works; a refused password needs no such hint.
const signedOutCodes = new Set(["UNAUTHENTICATED", "INVALID_TOKEN"]);

/** "This vehicle already has a reservation… (VEHICLE_DOUBLE_BOOKED)", and what to do when the sign-in has lapsed. */
function inWords(message: string, appCode: string | undefined): string {
  if (!appCode) return message;
  return signedOutCodes.has(appCode) ? `${message} (${appCode})\nSign in again with \`park login\`.` : `${message} (${appCode})`;
}
