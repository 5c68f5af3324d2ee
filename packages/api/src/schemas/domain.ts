import { z } from "zod";
import { windowProblems } from "../services/reservations/window.ts";
import { id, pageInput, text, wholeNumber } from "./common.ts";

export const spotKind = z.enum(["standard", "compact", "ev", "accessible", "motorcycle"]);
export const vehicleType = z.enum(["car", "motorcycle", "van"]);
export const spotStatus = z.enum(["available", "occupied", "reserved", "out_of_service"]);
export const reservationStatus = z.enum(["confirmed", "checked_in", "completed", "cancelled", "expired"]);

const date = z.date({ error: "Must be a date" });
const cents = (max: number) => wholeNumber(0, max, { int: "Whole minor units only", min: "Must not be negative", max: "Too large" });

/** Plates are stored upper case without spaces or dashes, 2–12 letters or digits. */
export const plate = z
  .string()
  .max(32, "Not a licence plate")
  .transform((v) => v.toUpperCase().replace(/[\s-]/g, ""))
  .refine((v) => /^[A-Z0-9]{2,12}$/.test(v), "A plate is 2 to 12 letters or digits");

const timezone = z
  .string()
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, "Unknown time zone");

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, "Use HH:MM");
const weekday = z.enum(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);
export const openingHours = z.partialRecord(weekday, z.array(z.strictObject({ open: hhmm, close: hhmm })).max(4)).nullable();

/** Reports every name that repeats an earlier one exactly, as the database's unique indexes would. */
function repeatedNames(names: string[], report: (index: number, name: string) => void) {
  const seen = new Set<string>();
  names.forEach((name, index) => {
    if (seen.has(name)) report(index, name);
    seen.add(name);
  });
}

export const layoutInput = z
  .strictObject({
    levels: z
      .array(
        z.strictObject({
          name: text(40),
          rows: z
            .array(z.strictObject({ name: text(40), spots: wholeNumber(1, 500), kind: spotKind.optional() }))
            .min(1)
            .max(50),
        }),
      )
      .min(1)
      .max(20),
  })
  .superRefine((layout, ctx) => {
    // Level names are unique in a lot and row names in a level, case and all (TEXT columns).
    repeatedNames(
      layout.levels.map((level) => level.name),
      (index, name) => ctx.addIssue({ code: "custom", path: ["levels", index, "name"], message: `Level "${name}" appears twice` }),
    );
    layout.levels.forEach((level, l) =>
      repeatedNames(
        level.rows.map((row) => row.name),
        (index, name) => ctx.addIssue({ code: "custom", path: ["levels", l, "rows", index, "name"], message: `Row "${name}" appears twice in level "${level.name}"` }),
      ),
    );
  });

const maxSpots = 5_000;

const lotFields = {
  name: text(120),
  address: text(200),
  city: text(100),
  lat: z.number().min(-90).max(90).optional(),
  lng: z.number().min(-180).max(180).optional(),
  timezone: timezone.optional(),
  hourlyRateCents: cents(1_000_000),
  dailyMaxCents: cents(10_000_000).nullable().optional(),
  graceMinutes: wholeNumber(0, 240).optional(),
  billingIncrementMinutes: wholeNumber(1, 1_440).optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, "An ISO 4217 code such as USD").optional(),
  amenities: z.array(text(40)).max(20).optional(),
  openingHours: openingHours.optional(),
};

const lotRefinements = <T extends { lat?: number | undefined; lng?: number | undefined }>(value: T, ctx: z.RefinementCtx) => {
  if ((value.lat === undefined) !== (value.lng === undefined)) {
    ctx.addIssue({ code: "custom", path: ["lng"], message: "Give lat and lng together" });
  }
};

export const lotCreateInput = z
  .strictObject({ ...lotFields, capacity: wholeNumber(1, maxSpots).optional(), layout: layoutInput.optional() })
  .superRefine((value, ctx) => {
    lotRefinements(value, ctx);
    if ((value.capacity === undefined) === (value.layout === undefined)) {
      ctx.addIssue({ code: "custom", path: ["capacity"], message: "Give either capacity or layout" });
    }
    const total = value.layout?.levels.reduce((n, l) => n + l.rows.reduce((m, r) => m + r.spots, 0), 0) ?? 0;
    if (total > maxSpots) ctx.addIssue({ code: "custom", path: ["layout"], message: `At most ${maxSpots} spots per lot` });
  });

export const lotUpdateInput = z
  .strictObject({
    id,
    ...Object.fromEntries(Object.entries(lotFields).map(([k, v]) => [k, v.optional()])),
    capacity: wholeNumber(1, maxSpots).optional(),
  } as { id: typeof id; capacity: z.ZodOptional<ReturnType<typeof wholeNumber>> } & { [K in keyof typeof lotFields]: z.ZodOptional<(typeof lotFields)[K]> })
  .superRefine(lotRefinements);

// Lists whose every field is optional list with no input at all. `prefault`
// parses `{}` in its place, so the page size still defaults; `default` would
// hand `{}` over unparsed.

export const lotsListInput = z
  .strictObject({
    city: text(100).optional(),
    search: text(100).optional(),
    near: z.strictObject({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180), radiusKm: z.number().positive().max(20_000) }).optional(),
    ...pageInput,
  })
  .prefault({});

/** A reservation-like window checked against now at validation time. */
const checkWindow = (from: "startsAt" | "from", to: "endsAt" | "to") => (value: Record<string, unknown>, ctx: z.RefinementCtx) => {
  const start = value[from];
  const end = value[to];
  if (!(start instanceof Date) || !(end instanceof Date)) return;
  for (const problem of windowProblems(start, end)) {
    ctx.addIssue({ code: "custom", path: [problem.field === "startsAt" ? from : to], message: problem.message, params: { appCode: problem.code } });
  }
};

export const availabilityInput = z
  .strictObject({ lotId: id, from: date, to: date, vehicleType: vehicleType.optional() })
  .superRefine(checkWindow("from", "to"));

export const quoteInput = z.strictObject({ lotId: id, startsAt: date, endsAt: date }).superRefine(checkWindow("startsAt", "endsAt"));

export const reservationCreateInput = z
  .strictObject({ lotId: id, vehicleId: id, startsAt: date, endsAt: date, spotId: id.optional(), spotKind: spotKind.optional() })
  .superRefine(checkWindow("startsAt", "endsAt"));

export const reservationListInput = z
  .strictObject({
    status: reservationStatus.optional(),
    userId: id.optional(),
    lotId: id.optional(),
    ...pageInput,
  })
  .prefault({});

export const sessionStartInput = z.strictObject({ lotId: id, vehicleId: id, reservationId: id.optional(), spotId: id.optional() });
export const sessionPayInput = z.strictObject({ id, method: z.enum(["card", "cash", "wallet"]) });
export const sessionListInput = z.strictObject({ active: z.boolean().optional(), lotId: id.optional(), userId: id.optional(), ...pageInput }).prefault({});
export const gateInput = z.strictObject({ lotId: id, plate });

export const vehicleCreateInput = z.strictObject({ plate, type: vehicleType.default("car"), label: text(60).optional() });

export const levelCreateInput = z.strictObject({ lotId: id, name: text(40) });
export const rowCreateInput = z.strictObject({ levelId: id, name: text(40), spots: wholeNumber(0, 500).optional(), kind: spotKind.optional() });
export const spotCreateInput = z.strictObject({ rowId: id, label: z.string().trim().regex(/^[A-Za-z0-9_.-]{1,16}$/, "1 to 16 letters, digits, '_', '.', '-'"), kind: spotKind.optional() });
export const spotsListInput = z
  .strictObject({ lotId: id.optional(), levelId: id.optional(), rowId: id.optional(), status: spotStatus.optional(), ...pageInput })
  .prefault({});
export const setOutOfServiceInput = z.strictObject({ id, outOfService: z.boolean() });

export const byId = z.strictObject({ id });
export const byLot = z.strictObject({ lotId: id });
export const byLevel = z.strictObject({ levelId: id });

// Outputs: what clients may rely on, and nothing else.

export const spotOutput = z.object({ id: z.string(), label: z.string(), kind: spotKind, status: spotStatus, lotId: z.string(), levelId: z.string(), rowId: z.string() });

const countsOutput = { capacity: z.number(), available: z.number() };

export const lotSummaryOutput = z.object({
  id: z.string(),
  name: z.string(),
  city: z.string(),
  address: z.string(),
  location: z.object({ lat: z.number(), lng: z.number() }).nullable(),
  timezone: z.string(),
  hourlyRateCents: z.number(),
  dailyMaxCents: z.number().nullable(),
  currency: z.string(),
  amenities: z.array(z.string()),
  ...countsOutput,
  distanceKm: z.number().optional(),
});

export const rowOutput = z.object({ id: z.string(), levelId: z.string(), name: z.string(), ...countsOutput });
export const levelOutput = z.object({ id: z.string(), lotId: z.string(), name: z.string(), ...countsOutput });

export const lotDetailOutput = lotSummaryOutput.extend({
  openingHours: openingHours,
  graceMinutes: z.number(),
  billingIncrementMinutes: z.number(),
  levels: z.array(levelOutput.extend({ rows: z.array(rowOutput) })),
});

export const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** Where a booking is: labels repeat in every row, so level and row names come along. */
const spotPlaceOutput = z.object({ id: z.string(), label: z.string(), levelName: z.string(), rowName: z.string() });

export const vehicleOutput = z.object({ id: z.string(), plate: z.string(), type: vehicleType, label: z.string().nullable(), createdAt: z.date() });

export const reservationOutput = z.object({
  id: z.string(),
  status: reservationStatus,
  lot: z.object({ id: z.string(), name: z.string() }),
  spot: spotPlaceOutput,
  vehicle: z.object({ id: z.string(), plate: z.string() }),
  userId: z.string(),
  startsAt: z.date(),
  endsAt: z.date(),
  amountCents: z.number(),
  currency: z.string(),
  createdAt: z.date(),
});

export const sessionOutput = z.object({
  id: z.string(),
  status: z.enum(["active", "completed"]),
  lot: z.object({ id: z.string(), name: z.string() }),
  spot: spotPlaceOutput,
  plate: z.string(),
  userId: z.string().nullable(),
  startedAt: z.date(),
  endedAt: z.date().nullable(),
  reservationId: z.string().nullable(),
  amountCents: z.number().nullable(),
  currency: z.string(),
  paymentStatus: z.enum(["unpaid", "paid", "waived"]),
});

export const quoteOutput = z.object({ amountCents: z.number(), currency: z.string() });
export const availabilityOutput = z.object({ available: z.number(), spots: z.array(spotOutput) });

const statusCounts = z.object({ capacity: z.number(), available: z.number(), occupied: z.number(), reserved: z.number(), outOfService: z.number() });
export const occupancyOutput = z.object({
  lotId: z.string(),
  at: z.date(),
  totals: statusCounts,
  atRisk: z.array(z.object({ reservationId: z.string(), spotId: z.string(), startsAt: z.date(), endsAt: z.date(), occupantPlate: z.string() })),
  levels: z.array(z.object({ id: z.string(), name: z.string(), counts: statusCounts, rows: z.array(z.object({ id: z.string(), name: z.string(), counts: statusCounts })) })),
  spots: z.array(spotOutput),
});
