import { z } from "zod";
import { byLot } from "../../shared/schemas.ts";
import { adminProcedure, publicProcedure, router } from "../../trpc.ts";
import { levelCreateInput, levelOutput } from "./schemas.ts";
import * as structure from "./service.ts";

export const levelsRouter = router({
  list: publicProcedure
    .input(byLot)
    .output(z.array(levelOutput))
    .query(({ ctx, input }) => structure.listLevels(ctx, input.lotId)),
  create: adminProcedure
    .input(levelCreateInput)
    .output(levelOutput)
    .mutation(({ ctx, input }) => structure.createLevel(ctx, ctx.viewer, input)),
});
