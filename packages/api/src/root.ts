// Every procedure of the API, by top-level key; each key's router file lists its procedures.
import { auditRouter } from "./domains/audit/router.ts";
import { authRouter } from "./domains/auth/router.ts";
import { exportsRouter } from "./domains/exports/router.ts";
import { gateRouter } from "./domains/gate/router.ts";
import { jobsRouter } from "./domains/jobs/router.ts";
import { healthRouter } from "./domains/health/router.ts";
import { lotsRouter } from "./domains/lots/router.ts";
import { mailRouter } from "./domains/notifications/router.ts";
import { reportsRouter } from "./domains/reports/router.ts";
import { reservationsRouter } from "./domains/reservations/router.ts";
import { sessionsRouter } from "./domains/sessions/router.ts";
import { levelsRouter } from "./domains/structure/levels-router.ts";
import { rowsRouter } from "./domains/structure/rows-router.ts";
import { spotsRouter } from "./domains/structure/spots-router.ts";
import { usersRouter } from "./domains/users/router.ts";
import { vehiclesRouter } from "./domains/vehicles/router.ts";
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
  exports: exportsRouter,
  admin: router({ users: usersRouter, audit: auditRouter, reports: reportsRouter, jobs: jobsRouter, mail: mailRouter }),
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
