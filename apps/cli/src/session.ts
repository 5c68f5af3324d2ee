// Which server a command talks to, and as whom.
import { createParkClient, type TokenStore } from "@park/sdk";
import { credentialsPath, fileTokenStore, readCredentials } from "./credentials.ts";
import { CliError, exitCodes, usageError } from "./errors.ts";

export const defaultUrl = "http://127.0.0.1:4000";

export type ParkClient = ReturnType<typeof createParkClient>;

export interface GlobalOptions {
  url?: string | undefined;
  json?: boolean | undefined;
}

export interface Session {
  /** The server, without a trailing slash. */
  url: string;
  json: boolean;
  credentialsFile: string;
  tokens: TokenStore;
  /** Sends the stored access token and renews it (writing the new pair back) when the server says it expired. */
  client: ParkClient;
}

function serverUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw usageError(`${value} is not a URL (use e.g. ${defaultUrl})`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw usageError(`${value} is not an http:// or https:// URL`);
  return url.href.replace(/\/+$/, "");
}

/** `--url`, else `PARK_URL`, else the server of the stored sign-in, else the default. */
export function resolveServerUrl(options: GlobalOptions, env: NodeJS.ProcessEnv = process.env): string {
  return serverUrl(options.url || env.PARK_URL || (readCredentials(credentialsPath(env))?.url ?? defaultUrl));
}

/** The server to talk to and the stored tokens, which are used only with the server that issued them. */
export function openSession(options: GlobalOptions, env: NodeJS.ProcessEnv = process.env): Session {
  const credentialsFile = credentialsPath(env);
  const url = resolveServerUrl(options, env);
  const tokens = fileTokenStore(credentialsFile, url);
  return { url, json: options.json ?? false, credentialsFile, tokens, client: createParkClient({ url, tokens }) };
}

/** A client that sends no token, for signing in and out. */
export const anonymousClient = (url: string): ParkClient => createParkClient({ url, tokens: null });

/** Stops a command that needs a signed-in user before it asks the server anything. */
export function requireSignIn(session: Session): void {
  if (!session.tokens.get()) throw new CliError(`Not signed in to ${session.url}: run \`park login\` first.`, exitCodes.auth);
}
