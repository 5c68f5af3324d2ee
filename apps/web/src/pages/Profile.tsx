import { useTRPC } from "@park/sdk/react";
import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { api, messageOf, type User } from "../api.ts";
import { useAuth } from "../auth.ts";
import { Field, FormError } from "../components/Field.tsx";
import { Facts } from "../components/Facts.tsx";
import { saveFile } from "../lib/download.ts";
import { correctTheFields } from "../lib/formErrors.ts";
import { Refusal, useSubmit } from "../lib/useSubmit.ts";

const longDate = new Intl.DateTimeFormat(undefined, { dateStyle: "long" });

export function Profile() {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());
  return (
    <div className="stack">
      <section className="card">
        <h1>Your profile</h1>
        {!me.data ? (
          me.isError ? (
            <FormError message={messageOf(me.error)} />
          ) : (
            <p className="muted" role="status">
              Loading…
            </p>
          )
        ) : (
          <Facts
            items={[
              ["Username", me.data.username],
              ["Email", me.data.email],
              ["Role", me.data.role],
              ["Phone", me.data.phone ?? "Not given"],
              ["Member since", longDate.format(me.data.createdAt)],
            ]}
          />
        )}
      </section>
      <YourHistory />
      {me.data ? <ChangePassword user={me.data} /> : null}
    </div>
  );
}

function YourHistory() {
  const headingId = useId();
  const [mailed, setMailed] = useState(false);
  const { onSubmit, busy, message } = useSubmit(async (form) => {
    const email = form.get("send") === "email";
    setMailed(false);
    const { filename, csv } = await api.exports.history.mutate({ email });
    if (email) setMailed(true);
    else saveFile(filename, csv);
  });
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>Your history</h2>
      <p className="muted">Every reservation and parking session you have made, as a spreadsheet (CSV), with times in each lot's own timezone.</p>
      <form onSubmit={onSubmit}>
        <FormError message={message} />
        {mailed ? (
          <p role="status" className="alert alert-success">
            On its way to your email address, as a CSV attachment.
          </p>
        ) : null}
        <p className="actions">
          <button type="submit" name="send" value="download" className="button button-quiet" disabled={busy}>
            Download CSV
          </button>
          <button type="submit" name="send" value="email" className="button button-quiet" disabled={busy}>
            Email me my history
          </button>
        </p>
      </form>
    </section>
  );
}

function ChangePassword({ user }: { user: User }) {
  const { signIn } = useAuth();
  const headingId = useId();
  const [done, setDone] = useState(false);
  const { onSubmit, busy, errors, message } = useSubmit(async (form, element) => {
    const currentPassword = String(form.get("currentPassword"));
    const newPassword = String(form.get("newPassword"));
    setDone(false);
    if (newPassword !== String(form.get("confirmPassword"))) throw new Refusal(correctTheFields, { confirmPassword: ["The two new passwords differ."] });
    await api.auth.changePassword.mutate({ currentPassword, newPassword });
    // The change revokes every session, this one included: sign in afresh to stay signed in here.
    signIn(await api.auth.login.mutate({ login: user.username, password: newPassword }));
    element.reset();
    setDone(true);
  });

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>Change password</h2>
      <form onSubmit={onSubmit} noValidate>
        <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" required errors={errors.currentPassword} />
        <Field
          label="New password"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          required
          hint="At least 8 characters. Your other devices will be signed out."
          errors={errors.newPassword}
        />
        <Field label="Repeat new password" name="confirmPassword" type="password" autoComplete="new-password" required errors={errors.confirmPassword} />
        <FormError message={message} />
        {done ? (
          <p role="status" className="alert alert-success">
            Password changed.
          </p>
        ) : null}
        <button type="submit" className="button" disabled={busy}>
          {busy ? "Saving…" : "Change password"}
        </button>
      </form>
    </section>
  );
}
