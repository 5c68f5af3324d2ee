import { z } from "zod";
import { date, id, pageInput } from "../../shared/schemas.ts";
import { spotKind, spotPlaceOutput } from "../structure/schemas.ts";
import { windowProblems } from "./window.ts";

export const reservationStatus = z.enum(["confirmed", "checked_in", "completed", "cancelled", "expired"]);

/** A reservation-like window checked against now at validation time. */
export const checkWindow = (from: "startsAt" | "from", to: "endsAt" | "to") => (value: Record<string, unknown>, ctx: z.RefinementCtx) => {
  const start = value[from];
  const end = value[to];
  if (!(start instanceof Date) || !(end instanceof Date)) return;
  for (const problem of windowProblems(start, end)) {
    ctx.addIssue({ code: "custom", path: [problem.field === "startsAt" ? from : to], message: problem.message, params: { appCode: problem.code } });
  }
};

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

export const reservationOutput = z.object({
  id: z.string(),
  status: reservationStatus,
  lot: z.object({ id: z.string(), name: z.string() }),
  spot: spotPlaceOutput,
  vehicle: z.object({ id: z.string(), plate: z.string() }),
  userId: z.string(),
  startsAt: date,
  endsAt: date,
  amountCents: z.number(),
  currency: z.string(),
  createdAt: date,
});

export const quoteOutput = z.object({ amountCents: z.number(), currency: z.string() });
