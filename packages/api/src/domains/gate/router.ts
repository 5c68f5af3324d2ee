import { attendantProcedure, router } from "../../trpc.ts";
import { sessionOutput } from "../sessions/schemas.ts";
import { gateInput } from "./schemas.ts";
import * as gate from "./service.ts";

export const gateRouter = router({
  enter: attendantProcedure
    .input(gateInput)
    .output(sessionOutput)
    .mutation(({ ctx, input }) => gate.gateEnter(ctx, ctx.viewer, input)),
  exit: attendantProcedure
    .input(gateInput)
    .output(sessionOutput)
    .mutation(({ ctx, input }) => gate.gateExit(ctx, ctx.viewer, input)),
});
