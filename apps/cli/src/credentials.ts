// The signed-in user's tokens and the server they belong to, in one file only
// its owner can read.
import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, isAbsolute, join } from "node:path";
import type { TokenPair, TokenStore } from "@park/sdk";

export interface Credentials extends TokenPair {
  /** The server that issued the tokens: they are never sent anywhere else. */
  url: string;
}

/** `$PARK_CONFIG_DIR`, else `$XDG_CONFIG_HOME/park`, else `~/.config/park`. */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PARK_CONFIG_DIR) return env.PARK_CONFIG_DIR;
  // The XDG spec says to ignore a relative XDG_CONFIG_HOME.
  const base = env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : join(homedir(), ".config");
  return join(base, "park");
}

export function credentialsPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(configDir(env), "credentials.json");
}

function isCredentials(value: unknown): value is Credentials {
  if (typeof value !== "object" || value === null) return false;
  const { url, accessToken, refreshToken } = value as Record<string, unknown>;
  return typeof url === "string" && typeof accessToken === "string" && typeof refreshToken === "string";
}

/** The stored credentials; none when there is no file or it holds none (the user signs in again). */
export function readCredentials(file: string): Credentials | null {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  try {
    const value: unknown = JSON.parse(text);
    return isCredentials(value) ? { url: value.url, accessToken: value.accessToken, refreshToken: value.refreshToken } : null;
  } catch {
    return null;
  }
}

/**
 * Replaces the file in one step: written under a temporary name with mode 0600
 * in its own folder (created 0700), flushed, then renamed over the old one, so
 * a reader never sees half a file and the tokens are never readable by others,
 * not even for a moment.
 */
export function writeCredentials(file: string, credentials: Credentials): void {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temporary = join(dir, `.credentials-${process.pid}-${randomBytes(6).toString("hex")}.tmp`);
  try {
    const fd = openSync(temporary, "wx", 0o600);
    try {
      writeSync(fd, `${JSON.stringify(credentials, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

export function removeCredentials(file: string): void {
  rmSync(file, { force: true });
}

/**
 * The SDK's token store over the credentials file, for the server at `url`
 * only. Every read goes to the file: another `park` run may have renewed the
 * pair meanwhile, and sending its spent refresh token again would make the
 * server revoke the whole sign-in.
 */
export function fileTokenStore(file: string, url: string): TokenStore {
  return {
    get: () => {
      const stored = readCredentials(file);
      return stored && stored.url === url ? { accessToken: stored.accessToken, refreshToken: stored.refreshToken } : null;
    },
    set: (tokens) => (tokens ? writeCredentials(file, { url, ...tokens }) : removeCredentials(file)),
  };
}
