import { z } from "zod";
import {
  byLevel,
  byLot,
  levelCreateInput,
  levelOutput,
  page,
  rowCreateInput,
  rowOutput,
  setOutOfServiceInput,
  spotCreateInput,
  spotOutput,
  spotsListInput,
} from "../schemas/domain.ts";
import * as structure from "../services/lots/structure.ts";
import { adminProcedure, attendantProcedure, publicProcedure, router } from "../trpc.ts";

export const levelsRouter = router({
  list: publicProcedure.input(byLot).output(z.array(levelOutput)).query(({ ctx, input }) => structure.listLevels(ctx.db, input.lotId)),
  create: adminProcedure.input(levelCreateInput).output(levelOutput).mutation(({ ctx, input }) => structure.createLevel(ctx.db, ctx.user.id, input)),
});

export const rowsRouter = router({
  list: publicProcedure.input(byLevel).output(z.array(rowOutput)).query(({ ctx, input }) => structure.listRows(ctx.db, input.levelId)),
  create: adminProcedure.input(rowCreateInput).output(rowOutput).mutation(({ ctx, input }) => structure.createRow(ctx.db, ctx.user.id, input)),
});

export const spotsRouter = router({
  list: publicProcedure.input(spotsListInput).output(page(spotOutput)).query(({ ctx, input }) => structure.listSpotsPage(ctx.db, input)),
  create: adminProcedure.input(spotCreateInput).output(spotOutput).mutation(({ ctx, input }) => structure.createSpot(ctx.db, ctx.user.id, input)),
  setOutOfService: attendantProcedure
    .input(setOutOfServiceInput)
    .output(spotOutput)
    .mutation(({ ctx, input }) => structure.setOutOfService(ctx.db, ctx.user.id, input)),
});
