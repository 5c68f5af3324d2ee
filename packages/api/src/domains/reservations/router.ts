import { byId, page } from "../../shared/schemas.ts";
import { protectedProcedure, publicProcedure, router } from "../../trpc.ts";
import { quoteInput, quoteOutput, reservationCreateInput, reservationListInput, reservationOutput } from "./schemas.ts";
import * as reservations from "./service.ts";

export const reservationsRouter = router({
  quote: publicProcedure
    .input(quoteInput)
    .output(quoteOutput)
    .query(({ ctx, input }) => reservations.quote(ctx, input)),
  create: protectedProcedure
    .input(reservationCreateInput)
    .output(reservationOutput)
    .mutation(({ ctx, input }) => reservations.createReservation(ctx, ctx.user.id, input)),
  list: protectedProcedure
    .input(reservationListInput)
    .output(page(reservationOutput))
    .query(({ ctx, input }) => reservations.listReservations(ctx, ctx.viewer, input)),
  byId: protectedProcedure
    .input(byId)
    .output(reservationOutput)
    .query(async ({ ctx, input }) => reservations.toReservation(await reservations.getReservation(ctx.db, ctx.viewer, input.id), ctx.clock.now())),
  cancel: protectedProcedure
    .input(byId)
    .output(reservationOutput)
    .mutation(({ ctx, input }) => reservations.cancelReservation(ctx, ctx.viewer, input.id)),
});
