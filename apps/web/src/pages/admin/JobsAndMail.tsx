import { useInvalidate, useTRPC } from "@park/sdk/react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useId, useState, type ReactNode } from "react";
import { useSearchParams } from "react-router";
import type { RouterInputs } from "@park/sdk";
import { api } from "../../api.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { FormError, Notice, SelectField } from "../../components/Field.tsx";
import { PagedList } from "../../components/PagedList.tsx";
import { StatusBadge } from "../../components/StatusBadge.tsx";
import { formatDateTime } from "../../lib/time.ts";
import { paged, pagedQuery } from "../../lib/queries.ts";
import { useSubmit } from "../../lib/useSubmit.ts";

type ManualJob = RouterInputs["admin"]["jobs"]["run"]["job"];
type MailStatus = NonNullable<NonNullable<Exclude<RouterInputs["admin"]["mail"]["list"], void>>["status"]>;

const manualJobs: { job: ManualJob; label: string; text: string }[] = [
  { job: "dailyReminders", label: "Send reminders", text: "Remind drivers who have not parked or booked for 7 days." },
  { job: "dailyAdminReport", label: "Send yesterday's report", text: "Mail yesterday's figures to every admin." },
  { job: "monthlyReport", label: "Send last month's reports", text: "Mail last month's figures to the admins, and each active driver their own." },
  { job: "exportAll", label: "Email me an export", text: "Users, lots, reservations and sessions as CSV attachments, to you." },
];

const jobLabel: Record<string, string> = {
  dailyReminders: "Reminders",
  dailyAdminReport: "Daily report",
  monthlyReport: "Monthly reports",
  exportAll: "Export",
  bookingUpkeep: "Booking upkeep",
};

const mailKindLabel: Record<string, string> = {
  "reservation.confirmed": "Reservation confirmed",
  "reservation.cancelled": "Reservation cancelled",
  "reservation.moved": "Reservation moved",
  "session.receipt": "Receipt",
  "reminder.inactive": "Reminder",
  "report.daily": "Daily report",
  "report.monthly": "Monthly report",
  "report.personal": "Personal month",
  "export.history": "History export",
  "export.all": "Data export",
};

export function JobsAndMail() {
  return (
    <div className="stack">
      <header className="page-header">
        <h1>Jobs &amp; mail</h1>
        <p className="muted">Run a job now, see how scheduled and requested runs went, and what the outbox holds.</p>
      </header>
      <JobRuns />
      <Outbox />
    </div>
  );
}

/** A card whose heading names it, with a button that loads its list again. */
function RefreshableCard({ title, onRefresh, children }: { title: string; onRefresh: () => void; children: ReactNode }) {
  const headingId = useId();
  return (
    <section className="card" aria-labelledby={headingId}>
      <div className="card-header">
        <h2 id={headingId}>{title}</h2>
        <button type="button" className="button button-quiet" onClick={onRefresh}>
          Refresh
        </button>
      </div>
      {children}
    </section>
  );
}

function JobRuns() {
  const trpc = useTRPC();
  const invalidate = useInvalidate();
  const runs = paged(useInfiniteQuery(pagedQuery(trpc.admin.jobs.list.infiniteQueryKey({}), (page) => api.admin.jobs.list.query(page))));
  const [started, setStarted] = useState<string | null>(null);
  const { onSubmit, busy, message } = useSubmit(async (form) => {
    const job = String(form.get("job")) as ManualJob;
    setStarted(null);
    await api.admin.jobs.run.mutate({ job });
    setStarted(`${manualJobs.find((j) => j.job === job)?.label ?? job}: started. It shows below once it has run.`);
    void invalidate(trpc.admin.jobs, trpc.admin.mail);
  });
  return (
    <RefreshableCard title="Jobs" onRefresh={runs.refresh}>
      <form onSubmit={onSubmit} aria-label="Run a job now" className="table-form">
        <ul className="sections">
          {manualJobs.map(({ job, label, text }) => (
            <li key={job} className="section-live">
              <button type="submit" name="job" value={job} className="button button-quiet button-small" disabled={busy}>
                {label}
              </button>
              <span className="muted">{text}</span>
            </li>
          ))}
        </ul>
      </form>
      <FormError message={message} />
      <Notice message={started} />
      <PagedList list={runs} empty="No job has run yet.">
        {(items) => (
          <DataTable columns={["Job", "Status", "Due or asked", "Attempts", "Finished", "Last error"]}>
            {items.map((run) => (
              <tr key={run.id}>
                <th scope="row">{jobLabel[run.job] ?? run.job}</th>
                <td>
                  <StatusBadge status={run.status} />
                </td>
                <td>{run.dueAt ? formatDateTime(run.dueAt) : `${formatDateTime(run.createdAt)} by ${run.requestedBy?.username ?? "an admin"}`}</td>
                <td>{run.attempts}</td>
                <td>{run.finishedAt ? formatDateTime(run.finishedAt) : "—"}</td>
                <td className="audit-change">{run.lastError ?? "—"}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </PagedList>
    </RefreshableCard>
  );
}

function Outbox() {
  const [params, setParams] = useSearchParams();
  const status = (params.get("mail") ?? "") as MailStatus | "";
  const trpc = useTRPC();
  const invalidate = useInvalidate();
  const filters = status ? { status } : {};
  const mail = paged(
    useInfiniteQuery(pagedQuery(trpc.admin.mail.list.infiniteQueryKey(filters), (page) => api.admin.mail.list.query({ ...filters, ...page }))),
  );
  const [retried, setRetried] = useState<string | null>(null);
  const { onSubmit, busy, message } = useSubmit(async (form) => {
    const id = String(form.get("id"));
    setRetried(null);
    const again = await api.admin.mail.retry.mutate({ id });
    setRetried(`The message to ${again.recipient} is queued again.`);
    void invalidate(trpc.admin.mail);
  });
  return (
    <RefreshableCard title="Outbox" onRefresh={mail.refresh}>
      <SelectField
        label="Status"
        hideOptional
        name="mail"
        value={status}
        onChange={(event) => setParams(event.target.value ? { mail: event.target.value } : {}, { replace: true })}
        options={[
          { value: "", label: "Any" },
          { value: "pending", label: "Pending" },
          { value: "sent", label: "Sent" },
          { value: "dead", label: "Dead (out of attempts)" },
        ]}
      />
      <FormError message={message} />
      <Notice message={retried} />
      <PagedList list={mail} empty="No messages.">
        {(items) => (
          <form onSubmit={onSubmit} aria-label="Outbox messages" className="table-form">
            <DataTable columns={["Message", "To", "Status", "Attempts", "Queued", "Sent or next try", "Last error"]} actions>
              {items.map((entry) => (
                <tr key={entry.id}>
                  <th scope="row">{mailKindLabel[entry.kind] ?? entry.kind}</th>
                  <td>{entry.recipient}</td>
                  <td>
                    <StatusBadge status={entry.status} />
                  </td>
                  <td>{entry.attempts}</td>
                  <td>{formatDateTime(entry.createdAt)}</td>
                  <td>{entry.sentAt ? formatDateTime(entry.sentAt) : entry.status === "pending" ? formatDateTime(entry.runAt) : "—"}</td>
                  <td className="audit-change">{entry.lastError ?? "—"}</td>
                  <td className="cell-actions">
                    {entry.status === "dead" ? (
                      <button
                        type="submit"
                        name="id"
                        value={entry.id}
                        className="button button-quiet button-small"
                        disabled={busy}
                        aria-label={`Retry the message to ${entry.recipient}`}
                      >
                        Retry
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </DataTable>
          </form>
        )}
      </PagedList>
    </RefreshableCard>
  );
}
