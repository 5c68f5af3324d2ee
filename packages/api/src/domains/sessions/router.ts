import { byId, page } from "../../shared/schemas.ts";
import { protectedProcedure, router } from "../../trpc.ts";
import { sessionListInput, sessionOutput, sessionPayInput, sessionStartInput } from "./schemas.ts";
import * as sessions from "./service.ts";

export const sessionsRouter = router({
  start: protectedProcedure
    .meta({ openapi: { method: "POST", path: "/sessions", tags: ["Sessions"], summary: "Park now, or check in to a reservation" } })
    .input(sessionStartInput)
    .output(sessionOutput)
    .mutation(({ ctx, input }) => sessions.startSession(ctx, ctx.user.id, input)),
  end: protectedProcedure
    .meta({ openapi: { method: "POST", path: "/sessions/{id}/end", tags: ["Sessions"], summary: "Leave: the session ends and is priced" } })
    .input(byId)
    .output(sessionOutput)
    .mutation(({ ctx, input }) => sessions.endSession(ctx, ctx.viewer, input.id)),
  pay: protectedProcedure
    .meta({ openapi: { method: "POST", path: "/sessions/{id}/pay", tags: ["Sessions"], summary: "Pay an ended session" } })
    .input(sessionPayInput)
    .output(sessionOutput)
    .mutation(({ ctx, input }) => sessions.paySession(ctx.db, ctx.viewer, input)),
  list: protectedProcedure
    .meta({ openapi: { method: "GET", path: "/sessions", tags: ["Sessions"], summary: "Your sessions (staff: everyone's)" } })
    .input(sessionListInput)
    .output(page(sessionOutput))
    .query(({ ctx, input }) => sessions.listSessions(ctx.db, ctx.viewer, input)),
});
