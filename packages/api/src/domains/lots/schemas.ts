import { z } from "zod";
import { cents, date, id, pageInput, text, wholeNumber } from "../../shared/schemas.ts";
import { checkWindow } from "../reservations/schemas.ts";
import { levelOutput, rowOutput, spotKind, spotOutput } from "../structure/schemas.ts";
import { vehicleType } from "../vehicles/schemas.ts";

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

/**
 * Degrees of latitude or longitude, kept to nine decimals (a tenth of a
 * millimetre): finer digits mean nothing, and a subnormal such as 5e-324 is
 * a value the database refuses to read.
 */
const coordinate = (limit: number) =>
  z
    .number()
    .min(-limit)
    .max(limit)
    .transform((degrees) => Math.round(degrees * 1e9) / 1e9 || 0);

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
        (index, name) =>
          ctx.addIssue({ code: "custom", path: ["levels", l, "rows", index, "name"], message: `Row "${name}" appears twice in level "${level.name}"` }),
      ),
    );
  });

const maxSpots = 5_000;

const lotFields = {
  name: text(120),
  address: text(200),
  city: text(100),
  lat: coordinate(90).optional(),
  lng: coordinate(180).optional(),
  timezone: timezone.optional(),
  hourlyRateCents: cents(1_000_000),
  dailyMaxCents: cents(10_000_000).nullable().optional(),
  graceMinutes: wholeNumber(0, 240).optional(),
  billingIncrementMinutes: wholeNumber(1, 1_440).optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, "An ISO 4217 code such as USD")
    .optional(),
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
    near: z.strictObject({ lat: coordinate(90), lng: coordinate(180), radiusKm: z.number().min(0.001, "At least 0.001 (one metre)").max(20_000) }).optional(),
    ...pageInput,
  })
  .prefault({});

export const availabilityInput = z
  .strictObject({ lotId: id, from: date, to: date, vehicleType: vehicleType.optional() })
  .superRefine(checkWindow("from", "to"));

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

export const lotDetailOutput = lotSummaryOutput.extend({
  openingHours: openingHours,
  graceMinutes: z.number(),
  billingIncrementMinutes: z.number(),
  levels: z.array(levelOutput.extend({ rows: z.array(rowOutput) })),
});

export const availabilityOutput = z.object({ available: z.number(), spots: z.array(spotOutput) });

const statusCounts = z.object({ capacity: z.number(), available: z.number(), occupied: z.number(), reserved: z.number(), outOfService: z.number() });
export const occupancyOutput = z.object({
  lotId: z.string(),
  at: date,
  totals: statusCounts,
  atRisk: z.array(z.object({ reservationId: z.string(), spotId: z.string(), startsAt: date, endsAt: date, occupantPlate: z.string() })),
  levels: z.array(
    z.object({ id: z.string(), name: z.string(), counts: statusCounts, rows: z.array(z.object({ id: z.string(), name: z.string(), counts: statusCounts })) }),
  ),
  spots: z.array(spotOutput),
});
