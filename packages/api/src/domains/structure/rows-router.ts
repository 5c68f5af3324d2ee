import { z } from "zod";
import { byLevel } from "../../shared/schemas.ts";
import { adminProcedure, publicProcedure, router } from "../../trpc.ts";
import { rowCreateInput, rowOutput } from "./schemas.ts";
import * as structure from "./service.ts";

export const rowsRouter = router({
  list: publicProcedure
    .meta({ openapi: { method: "GET", path: "/levels/{levelId}/rows", tags: ["Layout"], summary: "A level's rows", protect: false } })
    .input(byLevel)
    .output(z.array(rowOutput))
    .query(({ ctx, input }) => structure.listRows(ctx, input.levelId)),
  create: adminProcedure
    .meta({ openapi: { method: "POST", path: "/levels/{levelId}/rows", tags: ["Layout"], summary: "Add a row, with spots, to a level" } })
    .input(rowCreateInput)
    .output(rowOutput)
    .mutation(({ ctx, input }) => structure.createRow(ctx, ctx.viewer, input)),
});
