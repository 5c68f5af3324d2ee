import { changePasswordInput, loginInput, authResult, refreshInput, registerInput } from "./schemas.ts";
import { okOutput } from "../../shared/schemas.ts";
import { userOutput } from "../users/schemas.ts";
import * as auth from "./service.ts";
import { protectedProcedure, publicProcedure, router } from "../../trpc.ts";

export const authRouter = router({
  register: publicProcedure
    .input(registerInput)
    .output(authResult)
    .mutation(({ ctx, input }) => auth.register(ctx, input)),
  login: publicProcedure
    .input(loginInput)
    .output(authResult)
    .mutation(({ ctx, input }) => auth.login(ctx, input)),
  refresh: publicProcedure
    .input(refreshInput)
    .output(authResult)
    .mutation(({ ctx, input }) => auth.refresh(ctx, input.refreshToken)),
  logout: publicProcedure
    .input(refreshInput)
    .output(okOutput)
    .mutation(({ ctx, input }) => auth.logout(ctx, input.refreshToken)),
  me: protectedProcedure.output(userOutput).query(({ ctx }) => ctx.user),
  changePassword: protectedProcedure
    .input(changePasswordInput)
    .output(okOutput)
    .mutation(({ ctx, input }) => auth.changePassword(ctx.db, ctx.user.id, input)),
});
