import { attendantProcedure, router } from "../../trpc.ts";
import { sessionOutput } from "../sessions/schemas.ts";
import { gateInput } from "./schemas.ts";
import * as gate from "./service.ts";

export const gateRouter = router({
  enter: attendantProcedure
    .meta({ openapi: { method: "POST", path: "/lots/{lotId}/gate/enter", tags: ["Gate"], summary: "A car drives in: its session starts" } })
    .input(gateInput)
    .output(sessionOutput)
    .mutation(({ ctx, input }) => gate.gateEnter(ctx, ctx.viewer, input)),
  exit: attendantProcedure
    .meta({ openapi: { method: "POST", path: "/lots/{lotId}/gate/exit", tags: ["Gate"], summary: "A car drives out: its session ends" } })
    .input(gateInput)
    .output(sessionOutput)
    .mutation(({ ctx, input }) => gate.gateExit(ctx, ctx.viewer, input)),
});
