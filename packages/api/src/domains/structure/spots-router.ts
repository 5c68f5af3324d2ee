import { page } from "../../shared/schemas.ts";
import { adminProcedure, attendantProcedure, publicProcedure, router } from "../../trpc.ts";
import { setOutOfServiceInput, spotCreateInput, spotOutput, spotsListInput } from "./schemas.ts";
import * as structure from "./service.ts";

export const spotsRouter = router({
  list: publicProcedure
    .meta({ openapi: { method: "GET", path: "/spots", tags: ["Layout"], summary: "Spots by lot, level, row or status", protect: false } })
    .input(spotsListInput)
    .output(page(spotOutput))
    .query(({ ctx, input }) => structure.listSpotsPage(ctx, input)),
  create: adminProcedure
    .meta({ openapi: { method: "POST", path: "/rows/{rowId}/spots", tags: ["Layout"], summary: "Add a spot to a row" } })
    .input(spotCreateInput)
    .output(spotOutput)
    .mutation(({ ctx, input }) => structure.createSpot(ctx, ctx.viewer, input)),
  setOutOfService: attendantProcedure
    .meta({ openapi: { method: "PATCH", path: "/spots/{id}", tags: ["Layout"], summary: "Take a spot out of service or back" } })
    .input(setOutOfServiceInput)
    .output(spotOutput)
    .mutation(({ ctx, input }) => structure.setOutOfService(ctx, ctx.viewer, input)),
});
