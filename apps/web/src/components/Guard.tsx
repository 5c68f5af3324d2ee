import type { ReactNode } from "react";
import { Link, Navigate, useLocation, useSearchParams } from "react-router";
import type { Role } from "../api.ts";
import { safeNext, signInPath, useAuth, type AuthState } from "../auth.ts";

/**
 * Who may open a page: `guest` pages are for signed-out people (sign in, sign up),
 * `user` pages for anyone signed in, `staff` for attendants and admins.
 */
export type Access = "anyone" | "guest" | "user" | "staff" | "admin";

const rolesFor: Record<"user" | "staff" | "admin", readonly Role[]> = {
  user: ["user", "attendant", "admin"],
  staff: ["attendant", "admin"],
  admin: ["admin"],
};

export function canSee(access: Access, state: AuthState): boolean {
  if (access === "anyone") return true;
  if (access === "guest") return state.status === "anonymous";
  return state.status === "signed-in" && rolesFor[access].includes(state.user.role);
}

/**
 * Renders a page only for those its access lets in. It is also the one place
 * that moves people between signed-in and signed-out pages, so sign-in,
 * sign-out and an expired session never race each other's navigation.
 */
export function Guard({ access, children }: { access: Access; children: ReactNode }) {
  const { state } = useAuth();
  const location = useLocation();
  const [params] = useSearchParams();
  if (access === "anyone") return children;
  if (state.status === "loading") {
    return (
      <p className="muted" role="status">
        Loading…
      </p>
    );
  }
  if (state.status === "unavailable") return null;
  if (access === "guest") {
    return state.status === "signed-in" ? <Navigate to={safeNext(params.get("next")) ?? "/profile"} replace /> : children;
  }
  if (state.status === "anonymous") return <Navigate to={signInPath(location.pathname + location.search, state.ended)} replace />;
  return canSee(access, state) ? children : <NotAllowed role={state.user.role} />;
}

function NotAllowed({ role }: { role: Role }) {
  return (
    <section className="card narrow">
      <h1>Not allowed</h1>
      <p>Your account ({role}) cannot open this page. If you think it should, ask an administrator.</p>
      <p>
        <Link to="/profile">Back to your profile</Link>
      </p>
    </section>
  );
}
