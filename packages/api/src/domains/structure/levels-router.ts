import { z } from "zod";
import { byLot } from "../../shared/schemas.ts";
import { adminProcedure, publicProcedure, router } from "../../trpc.ts";
import { levelCreateInput, levelOutput } from "./schemas.ts";
import * as structure from "./service.ts";

export const levelsRouter = router({
  list: publicProcedure
    .meta({ openapi: { method: "GET", path: "/lots/{lotId}/levels", tags: ["Layout"], summary: "A lot's levels", protect: false } })
    .input(byLot)
    .output(z.array(levelOutput))
    .query(({ ctx, input }) => structure.listLevels(ctx, input.lotId)),
  create: adminProcedure
    .meta({ openapi: { method: "POST", path: "/lots/{lotId}/levels", tags: ["Layout"], summary: "Add a level to a lot" } })
    .input(levelCreateInput)
    .output(levelOutput)
    .mutation(({ ctx, input }) => structure.createLevel(ctx, ctx.viewer, input)),
});
