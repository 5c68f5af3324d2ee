import type { Db } from "./client.ts";
import type { Role } from "./generated/prisma/enums.ts";
import { insertLayout, type LotLayout } from "./layout.ts";
import { dbViolation } from "./errors.ts";
import { hashPassword } from "./password.ts";

export interface SeedOptions {
  adminEmail?: string | undefined;
  adminPassword?: string | undefined;
}

interface SeedLot {
  name: string;
  address: string;
  city: string;
  lat: number;
  lng: number;
  timezone: string;
  currency: string;
  hourlyRateCents: number;
  dailyMaxCents: number;
  amenities: string[];
  layout: LotLayout;
}

const lots: SeedLot[] = [
  {
    name: "Harbour Point Garage",
    address: "12 Quay Street",
    city: "Lisbon",
    lat: 38.7071,
    lng: -9.1366,
    timezone: "Europe/Lisbon",
    currency: "EUR",
    hourlyRateCents: 250,
    dailyMaxCents: 1800,
    amenities: ["covered", "ev_charging", "cctv"],
    layout: {
      levels: [
        {
          name: "P0",
          rows: [
            { name: "A", spots: 8 },
            { name: "B", spots: 4, kind: "ev" },
            { name: "C", spots: 2, kind: "accessible" },
          ],
        },
        {
          name: "P1",
          rows: [
            { name: "A", spots: 10, kind: "compact" },
            { name: "M", spots: 6, kind: "motorcycle" },
          ],
        },
      ],
    },
  },
  {
    name: "Central Station Park",
    address: "1 Station Square",
    city: "Porto",
    lat: 41.1456,
    lng: -8.6106,
    timezone: "Europe/Lisbon",
    currency: "EUR",
    hourlyRateCents: 180,
    dailyMaxCents: 1500,
    amenities: ["24h", "cctv"],
    layout: {
      levels: [
        {
          name: "Ground",
          rows: [
            { name: "A", spots: 12 },
            { name: "B", spots: 6, kind: "compact" },
            { name: "M", spots: 4, kind: "motorcycle" },
          ],
        },
      ],
    },
  },
  {
    name: "Riverside Lot",
    address: "200 River Road",
    city: "Madrid",
    lat: 40.4168,
    lng: -3.7038,
    timezone: "Europe/Madrid",
    currency: "EUR",
    hourlyRateCents: 300,
    dailyMaxCents: 2400,
    amenities: ["ev_charging", "valet"],
    layout: {
      levels: [
        {
          name: "L1",
          rows: [
            { name: "A", spots: 6 },
            { name: "E", spots: 3, kind: "ev" },
            { name: "H", spots: 2, kind: "accessible" },
          ],
        },
        { name: "L2", rows: [{ name: "A", spots: 8 }] },
      ],
    },
  },
];

export interface AccountSpec {
  email: string;
  password: string;
  role: Role;
  /** Defaults to the part of the email before "@". */
  username?: string;
}

/**
 * Creates the account unless a user has that email; returns whether it did.
 * Safe when several processes bootstrap the same account at once.
 */
export async function ensureUser(db: Db, account: AccountSpec): Promise<boolean> {
  if (await db.user.findUnique({ where: { email: account.email }, select: { id: true } })) return false;
  const base = (account.username ?? account.email.split("@")[0]!)
    .replace(/[^A-Za-z0-9_.-]/g, "")
    .slice(0, 28)
    .padEnd(3, "_");
  const passwordHash = await hashPassword(account.password);
  for (let n = 1; n < 100; n++) {
    const username = n === 1 ? base : `${base}${n}`;
    try {
      await db.user.create({ data: { email: account.email, username, role: account.role, passwordHash } });
      return true;
    } catch (error) {
      const violation = dbViolation(error);
      if (violation?.kind !== "unique") throw error;
      // Another process created this account meanwhile, or the username belongs to someone else.
      if (await db.user.findUnique({ where: { email: account.email }, select: { id: true } })) return false;
    }
  }
  throw new Error(`No free username for ${account.email}`);
}

export async function seedAccounts(db: Db, options: SeedOptions = {}) {
  const accounts: AccountSpec[] = [
    { email: options.adminEmail ?? "admin@example.com", password: options.adminPassword ?? "adminpass123", role: "admin" },
    { email: "driver@example.com", username: "driver", password: "driverpass123", role: "user" },
    { email: "attendant@example.com", username: "attendant", password: "attendantpass123", role: "attendant" },
  ];
  for (const account of accounts) await ensureUser(db, account);
  // The demo driver can book at once: a reservation needs a vehicle.
  const driver = await db.user.findUniqueOrThrow({ where: { email: "driver@example.com" }, select: { id: true } });
  if (!(await db.vehicle.findFirst({ where: { userId: driver.id, retiredAt: null }, select: { id: true } }))) {
    await db.vehicle.create({ data: { userId: driver.id, plate: "AA00AA", type: "car", label: "Family car" } });
  }
}

/** Creates the demo accounts and lots; running it again changes nothing. */
export async function seed(db: Db, options: SeedOptions = {}) {
  await seedAccounts(db, options);
  for (const { layout, ...lot } of lots) {
    const existing = await db.lot.findFirst({ where: { name: lot.name, deletedAt: null }, select: { id: true } });
    if (existing) continue;
    await db.$transaction(async (tx) => {
      const created = await tx.lot.create({ data: lot, select: { id: true } });
      await insertLayout(tx, created.id, layout);
    });
  }
}
