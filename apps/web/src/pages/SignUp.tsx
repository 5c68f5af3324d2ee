import { errorCode, fieldErrors } from "@park/sdk";
import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { api, messageOf } from "../api.ts";
import { useAuth } from "../auth.tsx";
import { Field, FormError } from "../components/Field.tsx";

type Errors = Record<string, string[] | undefined>;

export function SignUp() {
  const { signIn } = useAuth();
  const [errors, setErrors] = useState<Errors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const phone = String(form.get("phone")).trim();
    setBusy(true);
    setErrors({});
    setError(null);
    try {
      const session = await api.auth.register.mutate({
        username: String(form.get("username")),
        email: String(form.get("email")),
        password: String(form.get("password")),
        ...(phone ? { phone } : {}),
      });
      // The page guard takes the new user on to their profile.
      signIn(session);
    } catch (caught) {
      const byField = fieldErrors(caught);
      setErrors(byField);
      const hasFieldErrors = Object.values(byField).some((list) => list?.length);
      setError(errorCode(caught) === "BAD_REQUEST" && hasFieldErrors ? "Please correct the highlighted fields." : messageOf(caught));
      setBusy(false);
    }
  };

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
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          hint="At least 8 characters."
          errors={errors.password}
        />
        <Field label="Phone" name="phone" type="tel" autoComplete="tel" errors={errors.phone} />
        <FormError message={error} />
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
