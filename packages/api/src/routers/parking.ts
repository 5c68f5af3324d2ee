import { z } from "zod";
import { okOutput } from "../schemas/common.ts";
import {
  byId,
  gateInput,
  page,
  quoteInput,
  quoteOutput,
  reservationCreateInput,
  reservationListInput,
  reservationOutput,
  sessionListInput,
  sessionOutput,
  sessionPayInput,
  sessionStartInput,
  vehicleCreateInput,
  vehicleOutput,
} from "../schemas/domain.ts";
import * as reservations from "../services/reservations/service.ts";
import * as sessions from "../services/sessions/service.ts";
import * as vehicles from "../services/vehicles/service.ts";
import { attendantProcedure, protectedProcedure, publicProcedure, router } from "../trpc.ts";

export const vehiclesRouter = router({
  list: protectedProcedure.output(z.array(vehicleOutput)).query(({ ctx }) => vehicles.listVehicles(ctx.db, ctx.user.id)),
  create: protectedProcedure.input(vehicleCreateInput).output(vehicleOutput).mutation(({ ctx, input }) => vehicles.createVehicle(ctx.db, ctx.user.id, input)),
  remove: protectedProcedure.input(byId).output(okOutput).mutation(({ ctx, input }) => vehicles.removeVehicle(ctx.db, ctx.user.id, input.id)),
});

export const reservationsRouter = router({
  quote: publicProcedure.input(quoteInput).output(quoteOutput).query(({ ctx, input }) => reservations.quote(ctx.db, input)),
  create: protectedProcedure
    .input(reservationCreateInput)
    .output(reservationOutput)
    .mutation(({ ctx, input }) => reservations.createReservation(ctx.db, ctx.user.id, input)),
  list: protectedProcedure
    .input(reservationListInput)
    .output(page(reservationOutput))
    .query(({ ctx, input }) => reservations.listReservations(ctx.db, ctx.user, input)),
  byId: protectedProcedure
    .input(byId)
    .output(reservationOutput)
    .query(async ({ ctx, input }) => reservations.toReservation(await reservations.getReservation(ctx.db, ctx.user, input.id))),
  cancel: protectedProcedure.input(byId).output(reservationOutput).mutation(({ ctx, input }) => reservations.cancelReservation(ctx.db, ctx.user, input.id)),
});

export const sessionsRouter = router({
  start: protectedProcedure.input(sessionStartInput).output(sessionOutput).mutation(({ ctx, input }) => sessions.startSession(ctx.db, ctx.user.id, input)),
  end: protectedProcedure.input(byId).output(sessionOutput).mutation(({ ctx, input }) => sessions.endSession(ctx.db, ctx.user, input.id)),
  pay: protectedProcedure.input(sessionPayInput).output(sessionOutput).mutation(({ ctx, input }) => sessions.paySession(ctx.db, ctx.user, input)),
  list: protectedProcedure.input(sessionListInput).output(page(sessionOutput)).query(({ ctx, input }) => sessions.listSessions(ctx.db, ctx.user, input)),
});

export const gateRouter = router({
  enter: attendantProcedure.input(gateInput).output(sessionOutput).mutation(({ ctx, input }) => sessions.gateEnter(ctx.db, ctx.user.id, input)),
  exit: attendantProcedure.input(gateInput).output(sessionOutput).mutation(({ ctx, input }) => sessions.gateExit(ctx.db, ctx.user.id, input)),
});
