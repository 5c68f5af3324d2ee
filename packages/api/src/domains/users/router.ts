import { page } from "../../shared/schemas.ts";
import { adminProcedure, router } from "../../trpc.ts";
import { adminUserOutput, userUpdateInput, usersListInput } from "./schemas.ts";
import * as users from "./service.ts";

export const usersRouter = router({
  list: adminProcedure
    .input(usersListInput)
    .output(page(adminUserOutput))
    .query(({ ctx, input }) => users.listUsers(ctx, input)),
  update: adminProcedure
    .input(userUpdateInput)
    .output(adminUserOutput)
    .mutation(({ ctx, input }) => users.updateUser(ctx, ctx.viewer, input)),
});
