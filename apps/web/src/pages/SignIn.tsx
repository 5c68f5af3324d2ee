import { Link, useSearchParams } from "react-router";
import { api } from "../api.ts";
import { safeNext, useAuth } from "../auth.ts";
import { Field, FormError } from "../components/Field.tsx";
import { useSubmit } from "../lib/useSubmit.ts";

const notices: Record<string, string> = {
  expired: "Your session has ended. Please sign in again.",
  "signed-out": "You have signed out.",
};

export function SignIn() {
  const { signIn } = useAuth();
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const notice = notices[params.get("reason") ?? ""] ?? (next ? "Sign in to continue." : null);
  const { onSubmit, busy, errors, message } = useSubmit(async (form) => {
    const session = await api.auth.login.mutate({ login: String(form.get("login")), password: String(form.get("password")) });
    // The page guard takes the person on, to `next` or their profile.
    signIn(session);
  });

  return (
    <section className="card narrow">
      <h1>Sign in</h1>
      {notice ? (
        <p role="status" className="alert alert-info">
          {notice}
        </p>
      ) : null}
      <form onSubmit={onSubmit} noValidate>
        <Field label="Email or username" name="login" autoComplete="username" required autoFocus errors={errors.login} />
        <Field label="Password" name="password" type="password" autoComplete="current-password" required errors={errors.password} />
        <FormError message={message} />
        <button type="submit" className="button" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
      <p className="muted">
        New to Park? <Link to="/sign-up">Create an account</Link>
      </p>
    </section>
  );
}
