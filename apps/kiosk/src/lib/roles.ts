import type { Role } from "../api.ts";

/** Who may run a gate: the server refuses everyone else (FORBIDDEN). */
export function isStaff(role: Role): boolean {
  return role === "attendant" || role === "admin";
}
