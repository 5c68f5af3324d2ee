import { z } from "zod";
import { byLevel } from "../../shared/schemas.ts";
import { adminProcedure, publicProcedure, router } from "../../trpc.ts";
import { rowCreateInput, rowOutput } from "./schemas.ts";
import * as structure from "./service.ts";

export const rowsRouter = router({
  list: publicProcedure
    .input(byLevel)
    .output(z.array(rowOutput))
    .query(({ ctx, input }) => structure.listRows(ctx, input.levelId)),
  create: adminProcedure
    .input(rowCreateInput)
    .output(rowOutput)
    .mutation(({ ctx, input }) => structure.createRow(ctx, ctx.viewer, input)),
});
