import { randomBytes } from "node:crypto";

// The bootstrap admin the server creates from ADMIN_EMAIL / ADMIN_PASSWORD.
export const adminAccount = { email: "root@park.test", password: "e2e-admin-password" };

// Accounts the server's --seed creates.
export const attendantAccount = { email: "attendant@example.com", password: "attendantpass123" };
export const seededDriver = { email: "driver@example.com", password: "driverpass123" };

/** The seeded lots, by name. */
export const seededLots = { lisbon: "Harbour Point Garage", porto: "Central Station Park", madrid: "Riverside Lot" } as const;

const run = randomBytes(3).toString("hex");
let count = 0;

/** A licence plate no earlier test or run has used. */
export function newPlate(prefix: string) {
  count += 1;
  return `${prefix}${run}${count}`.toUpperCase().slice(0, 12);
}

/** A user no earlier test or run has registered. */
export function newAccount(label: string) {
  count += 1;
  const username = `${label}_${run}_${count}`;
  return { username, email: `${username}@example.test`, password: `pw-${run}-${count}-secret` };
}
