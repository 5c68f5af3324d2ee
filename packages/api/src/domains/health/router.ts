import { z } from "zod";
import { publicProcedure, router } from "../../trpc.ts";

export const healthOutput = z.object({ status: z.enum(["ok", "degraded"]), db: z.enum(["ok", "down"]) });

export const healthRouter = router({
  check: publicProcedure
    .meta({ openapi: { method: "GET", path: "/health", tags: ["Health"], summary: "Whether the server reaches its database", protect: false } })
    .output(healthOutput)
    .query(async ({ ctx }) => {
      const up = await ctx.pingDb();
      return { status: up ? "ok" : "degraded", db: up ? "ok" : "down" } as const;
    }),
});
