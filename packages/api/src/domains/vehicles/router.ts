import { z } from "zod";
import { byId, okOutput } from "../../shared/schemas.ts";
import { protectedProcedure, router } from "../../trpc.ts";
import { vehicleCreateInput, vehicleOutput } from "./schemas.ts";
import * as vehicles from "./service.ts";

export const vehiclesRouter = router({
  list: protectedProcedure
    .meta({ openapi: { method: "GET", path: "/vehicles", tags: ["Vehicles"], summary: "Your vehicles" } })
    .output(z.array(vehicleOutput))
    .query(({ ctx }) => vehicles.listVehicles(ctx.db, ctx.user.id)),
  create: protectedProcedure
    .meta({ openapi: { method: "POST", path: "/vehicles", tags: ["Vehicles"], summary: "Add a vehicle" } })
    .input(vehicleCreateInput)
    .output(vehicleOutput)
    .mutation(({ ctx, input }) => vehicles.createVehicle(ctx.db, ctx.user.id, input)),
  remove: protectedProcedure
    .meta({ openapi: { method: "DELETE", path: "/vehicles/{id}", tags: ["Vehicles"], summary: "Remove a vehicle neither parked nor booked ahead" } })
    .input(byId)
    .output(okOutput)
    .mutation(({ ctx, input }) => vehicles.removeVehicle(ctx, ctx.user.id, input.id)),
});
