import { page } from "../../shared/schemas.ts";
import { adminProcedure, attendantProcedure, publicProcedure, router } from "../../trpc.ts";
import { setOutOfServiceInput, spotCreateInput, spotOutput, spotsListInput } from "./schemas.ts";
import * as structure from "./service.ts";

export const spotsRouter = router({
  list: publicProcedure
    .input(spotsListInput)
    .output(page(spotOutput))
    .query(({ ctx, input }) => structure.listSpotsPage(ctx, input)),
  create: adminProcedure
    .input(spotCreateInput)
    .output(spotOutput)
    .mutation(({ ctx, input }) => structure.createSpot(ctx, ctx.viewer, input)),
  setOutOfService: attendantProcedure
    .input(setOutOfServiceInput)
    .output(spotOutput)
    .mutation(({ ctx, input }) => structure.setOutOfService(ctx, ctx.viewer, input)),
});
