import { byId, page } from "../../shared/schemas.ts";
import { protectedProcedure, router } from "../../trpc.ts";
import { sessionListInput, sessionOutput, sessionPayInput, sessionStartInput } from "./schemas.ts";
import * as sessions from "./service.ts";

export const sessionsRouter = router({
  start: protectedProcedure
    .input(sessionStartInput)
    .output(sessionOutput)
    .mutation(({ ctx, input }) => sessions.startSession(ctx, ctx.user.id, input)),
  end: protectedProcedure
    .input(byId)
    .output(sessionOutput)
    .mutation(({ ctx, input }) => sessions.endSession(ctx, ctx.viewer, input.id)),
  pay: protectedProcedure
    .input(sessionPayInput)
    .output(sessionOutput)
    .mutation(({ ctx, input }) => sessions.paySession(ctx.db, ctx.viewer, input)),
  list: protectedProcedure
    .input(sessionListInput)
    .output(page(sessionOutput))
    .query(({ ctx, input }) => sessions.listSessions(ctx.db, ctx.viewer, input)),
});
