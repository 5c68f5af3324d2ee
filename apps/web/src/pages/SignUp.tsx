import { Link } from "react-router";
import { api } from "../api.ts";
import { useAuth } from "../auth.ts";
import { Field, FormError } from "../components/Field.tsx";
import { useSubmit } from "../lib/useSubmit.ts";

export function SignUp() {
  const { signIn } = useAuth();
  const { onSubmit, busy, errors, message } = useSubmit(async (form) => {
    const phone = String(form.get("phone")).trim();
    const session = await api.auth.register.mutate({
      username: String(form.get("username")),
      email: String(form.get("email")),
      password: String(form.get("password")),
      ...(phone ? { phone } : {}),
    });
    // The page guard takes the new user on to their profile.
    signIn(session);
  });

  return (
    <section className="card narrow">
      <h1>Create your account</h1>
      <form onSubmit={onSubmit} noValidate>
        <Field
          label="Username"
          name="username"
          autoComplete="username"
          required
          autoFocus
          hint="3 to 32 letters, digits, '_', '.' or '-'."
          errors={errors.username}
        />
        <Field label="Email" name="email" type="email" autoComplete="email" required errors={errors.email} />
        <Field label="Password" name="password" type="password" autoComplete="new-password" required hint="At least 8 characters." errors={errors.password} />
        <Field label="Phone" name="phone" type="tel" autoComplete="tel" errors={errors.phone} />
        <FormError message={message} />
        <button type="submit" className="button" disabled={busy}>
          {busy ? "Creating account…" : "Create account"}
        </button>
      </form>
      <p className="muted">
        Already have an account? <Link to="/sign-in">Sign in</Link>
      </p>
    </section>
  );
}
