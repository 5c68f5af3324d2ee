import { byId, page } from "../../shared/schemas.ts";
import { protectedProcedure, publicProcedure, router } from "../../trpc.ts";
import { quoteInput, quoteOutput, reservationCreateInput, reservationListInput, reservationOutput } from "./schemas.ts";
import * as reservations from "./service.ts";

export const reservationsRouter = router({
  quote: publicProcedure
    .meta({ openapi: { method: "GET", path: "/lots/{lotId}/quote", tags: ["Reservations"], summary: "The price of a window at a lot", protect: false } })
    .input(quoteInput)
    .output(quoteOutput)
    .query(({ ctx, input }) => reservations.quote(ctx, input)),
  create: protectedProcedure
    .meta({ openapi: { method: "POST", path: "/reservations", tags: ["Reservations"], summary: "Reserve a spot for a window" } })
    .input(reservationCreateInput)
    .output(reservationOutput)
    .mutation(({ ctx, input }) => reservations.createReservation(ctx, ctx.user.id, input)),
  list: protectedProcedure
    .meta({ openapi: { method: "GET", path: "/reservations", tags: ["Reservations"], summary: "Your reservations (an admin's: everyone's)" } })
    .input(reservationListInput)
    .output(page(reservationOutput))
    .query(({ ctx, input }) => reservations.listReservations(ctx, ctx.viewer, input)),
  byId: protectedProcedure
    .meta({ openapi: { method: "GET", path: "/reservations/{id}", tags: ["Reservations"], summary: "One of your reservations" } })
    .input(byId)
    .output(reservationOutput)
    .query(async ({ ctx, input }) => reservations.toReservation(await reservations.getReservation(ctx.db, ctx.viewer, input.id), ctx.clock.now())),
  cancel: protectedProcedure
    .meta({ openapi: { method: "POST", path: "/reservations/{id}/cancel", tags: ["Reservations"], summary: "Cancel a reservation before it starts" } })
    .input(byId)
    .output(reservationOutput)
    .mutation(({ ctx, input }) => reservations.cancelReservation(ctx, ctx.viewer, input.id)),
});
