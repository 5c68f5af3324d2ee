import type { SessionEnd } from "@park/sdk";

export { useAuth } from "@park/sdk/react";
export type { AuthState, SessionEnd } from "@park/sdk";

/** Where to send someone who must sign in first, so they come back afterwards. */
export function signInPath(next: string, ended?: SessionEnd): string {
  return `/sign-in?${ended ? `reason=${ended}&` : ""}next=${encodeURIComponent(next)}`;
}

/** `next` from the query string, if it is a path on this site. */
export function safeNext(value: string | null): string | null {
  return value && value.startsWith("/") && !value.startsWith("//") && !value.startsWith("/\\") ? value : null;
}
