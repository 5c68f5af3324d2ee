import { page } from "../../shared/schemas.ts";
import { adminProcedure, router } from "../../trpc.ts";
import { adminUserOutput, userUpdateInput, usersListInput } from "./schemas.ts";
import * as users from "./service.ts";

export const usersRouter = router({
  list: adminProcedure
    .meta({ openapi: { method: "GET", path: "/admin/users", tags: ["Admin"], summary: "Users with their bookings and spending" } })
    .input(usersListInput)
    .output(page(adminUserOutput))
    .query(({ ctx, input }) => users.listUsers(ctx, input)),
  update: adminProcedure
    .meta({ openapi: { method: "PATCH", path: "/admin/users/{id}", tags: ["Admin"], summary: "Change a user's role or disable them" } })
    .input(userUpdateInput)
    .output(adminUserOutput)
    .mutation(({ ctx, input }) => users.updateUser(ctx, ctx.viewer, input)),
});
