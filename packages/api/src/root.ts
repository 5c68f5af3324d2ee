import { authRouter } from "./routers/auth.ts";
import { healthRouter } from "./routers/health.ts";
import { lotsRouter } from "./routers/lots.ts";
import { gateRouter, reservationsRouter, sessionsRouter, vehiclesRouter } from "./routers/parking.ts";
import { levelsRouter, rowsRouter, spotsRouter } from "./routers/structure.ts";
import { createCallerFactory, router } from "./trpc.ts";

export const appRouter = router({
  health: healthRouter,
  auth: authRouter,
  lots: lotsRouter,
  levels: levelsRouter,
  rows: rowsRouter,
  spots: spotsRouter,
  vehicles: vehiclesRouter,
  reservations: reservationsRouter,
  sessions: sessionsRouter,
  gate: gateRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
