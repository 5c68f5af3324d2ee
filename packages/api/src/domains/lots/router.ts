import type { Db } from "@park/db";
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
import { onLotChanged } from "./events.ts";
import { cachedRead } from "./read-cache.ts";
import * as lots from "./service.ts";
import { adminProcedure, attendantProcedure, publicProcedure, router } from "../../trpc.ts";

// Changes made by other server processes reach subscribers through this re-check.
const recheckMs = 5_000;

export const lotsRouter = router({
  list: publicProcedure
    .input(lotsListInput)
    .output(page(lotSummaryOutput))
    .query(({ ctx, input }) => cachedRead(ctx.db, `list:${JSON.stringify(input)}`, () => lots.listLots(ctx.db, input))),
  byId: publicProcedure
    .input(byId)
    .output(lotDetailOutput)
    .query(({ ctx, input }) => cachedRead(ctx.db, `lot:${input.id}`, () => lots.getLot(ctx.db, input.id))),
  create: adminProcedure.input(lotCreateInput).output(lotDetailOutput).mutation(({ ctx, input }) => lots.createLot(ctx.db, ctx.user.id, input)),
  update: adminProcedure.input(lotUpdateInput).output(lotDetailOutput).mutation(({ ctx, input }) => lots.updateLot(ctx.db, ctx.user.id, input)),
  delete: adminProcedure.input(byId).output(okOutput).mutation(({ ctx, input }) => lots.deleteLot(ctx.db, ctx.user.id, input.id)),
  availability: publicProcedure.input(availabilityInput).output(availabilityOutput).query(({ ctx, input }) => lots.availability(ctx.db, input)),
  occupancy: attendantProcedure.input(byLot).output(occupancyOutput).query(({ ctx, input }) => lots.occupancy(ctx.db, input.lotId)),
  onAvailability: publicProcedure.input(byLot).subscription(async ({ ctx, input, signal }) => {
    // Checked before streaming so that a missing lot is NOT_FOUND, not a broken stream.
    await lots.requireLot(ctx.db, input.lotId);
    return availabilityStream(ctx.db, input.lotId, signal);
  }),
});

/** Emits the lot's free-spot count now and whenever it changes. */
async function* availabilityStream(db: Db, lotId: string, signal: AbortSignal | undefined) {
  let wake: (() => void) | undefined;
  const stop = onLotChanged((changed) => changed === lotId && wake?.());
  const abort = () => wake?.();
  signal?.addEventListener("abort", abort);
  try {
    let last: number | undefined;
    while (!signal?.aborted) {
      const available = await lots.availableNow(db, lotId);
      if (available !== last) {
        last = available;
        yield { lotId, available, at: new Date() };
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, recheckMs).unref();
      });
    }
  } finally {
    stop();
    signal?.removeEventListener("abort", abort);
  }
}
