import { changePasswordInput, loginInput, authResult, refreshInput, registerInput } from "./schemas.ts";
import { okOutput } from "../../shared/schemas.ts";
import { userOutput } from "../users/schemas.ts";
import * as auth from "./service.ts";
import { protectedProcedure, publicProcedure, router } from "../../trpc.ts";

export const authRouter = router({
  register: publicProcedure
    .meta({ openapi: { method: "POST", path: "/auth/register", tags: ["Auth"], summary: "Create an account and sign in", protect: false } })
    .input(registerInput)
    .output(authResult)
    .mutation(({ ctx, input }) => auth.register(ctx, input)),
  login: publicProcedure
    .meta({ openapi: { method: "POST", path: "/auth/login", tags: ["Auth"], summary: "Sign in with email or username", protect: false } })
    .input(loginInput)
    .output(authResult)
    .mutation(({ ctx, input }) => auth.login(ctx, input)),
  refresh: publicProcedure
    .meta({ openapi: { method: "POST", path: "/auth/refresh", tags: ["Auth"], summary: "Trade a refresh token for a new pair", protect: false } })
    .input(refreshInput)
    .output(authResult)
    .mutation(({ ctx, input }) => auth.refresh(ctx, input.refreshToken)),
  logout: publicProcedure
    .meta({ openapi: { method: "POST", path: "/auth/logout", tags: ["Auth"], summary: "Revoke a refresh token", protect: false } })
    .input(refreshInput)
    .output(okOutput)
    .mutation(({ ctx, input }) => auth.logout(ctx, input.refreshToken)),
  me: protectedProcedure
    .meta({ openapi: { method: "GET", path: "/auth/me", tags: ["Auth"], summary: "The signed-in user" } })
    .output(userOutput)
    .query(({ ctx }) => ctx.user),
  changePassword: protectedProcedure
    .meta({ openapi: { method: "POST", path: "/auth/change-password", tags: ["Auth"], summary: "Change your password; every refresh token is revoked" } })
    .input(changePasswordInput)
    .output(okOutput)
    .mutation(({ ctx, input }) => auth.changePassword(ctx.db, ctx.user.id, input)),
});
