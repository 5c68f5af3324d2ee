import { byId, byLot, okOutput, page } from "../../shared/schemas.ts";
import {
  availabilityInput,
  availabilityOutput,
  lotCreateInput,
  lotDetailOutput,
  lotsListInput,
  lotSummaryOutput,
  lotUpdateInput,
  occupancyOutput,
} from "./schemas.ts";
import * as lots from "./service.ts";
import { adminProcedure, attendantProcedure, publicProcedure, router } from "../../trpc.ts";

export const lotsRouter = router({
  list: publicProcedure
    .meta({ openapi: { method: "GET", path: "/lots", tags: ["Lots"], summary: "Find lots by city, name or distance", protect: false } })
    .input(lotsListInput)
    .output(page(lotSummaryOutput))
    .query(({ ctx, input }) => ctx.readCache.read(`list:${JSON.stringify(input)}`, () => lots.listLots(ctx, input))),
  byId: publicProcedure
    .meta({ openapi: { method: "GET", path: "/lots/{id}", tags: ["Lots"], summary: "A lot with its levels and rows", protect: false } })
    .input(byId)
    .output(lotDetailOutput)
    .query(({ ctx, input }) => ctx.readCache.read(`lot:${input.id}`, () => lots.getLot(ctx, input.id))),
  create: adminProcedure
    .meta({ openapi: { method: "POST", path: "/lots", tags: ["Lots"], summary: "Create a lot and its spots" } })
    .input(lotCreateInput)
    .output(lotDetailOutput)
    .mutation(({ ctx, input }) => lots.createLot(ctx, ctx.viewer, input)),
  update: adminProcedure
    .meta({ openapi: { method: "PATCH", path: "/lots/{id}", tags: ["Lots"], summary: "Change a lot; capacity grows or shrinks its spots" } })
    .input(lotUpdateInput)
    .output(lotDetailOutput)
    .mutation(({ ctx, input }) => lots.updateLot(ctx, ctx.viewer, input)),
  delete: adminProcedure
    .meta({ openapi: { method: "DELETE", path: "/lots/{id}", tags: ["Lots"], summary: "Delete a lot with nothing parked or booked ahead" } })
    .input(byId)
    .output(okOutput)
    .mutation(({ ctx, input }) => lots.deleteLot(ctx, ctx.viewer, input.id)),
  availability: publicProcedure
    .meta({ openapi: { method: "GET", path: "/lots/{lotId}/availability", tags: ["Lots"], summary: "Spots free for a whole window", protect: false } })
    .input(availabilityInput)
    .output(availabilityOutput)
    .query(({ ctx, input }) => lots.availability(ctx, input)),
  occupancy: attendantProcedure
    .meta({ openapi: { method: "GET", path: "/lots/{lotId}/occupancy", tags: ["Lots"], summary: "Every spot's status now, with counts per level and row" } })
    .input(byLot)
    .output(occupancyOutput)
    .query(({ ctx, input }) => lots.occupancy(ctx, input.lotId)),
  onAvailability: publicProcedure.input(byLot).subscription(async ({ ctx, input, signal }) => {
    // The cap comes first so that a client at its limit costs no query.
    const release = ctx.subscriptionSlots.acquire(ctx.clientAddress);
    try {
      // Checked before streaming so that a missing lot is NOT_FOUND, not a broken stream.
      await lots.requireLot(ctx.db, input.lotId);
    } catch (error) {
      release();
      throw error;
    }
    // A client that leaves before the stream is first read still gives its slot back.
    signal?.addEventListener("abort", release, { once: true });
    return holdingSlot(ctx.availability.watch(input.lotId, signal), release);
  }),
});

/** Streams the lot's updates and gives the client's slot back however the stream ends. */
async function* holdingSlot<T>(stream: AsyncGenerator<T, void>, release: () => void) {
  try {
    yield* stream;
  } finally {
    release();
  }
}
