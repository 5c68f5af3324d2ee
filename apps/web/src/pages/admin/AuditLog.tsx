import { useTRPC } from "@park/sdk/react";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { Link, useSearchParams } from "react-router";
import { allPages, api, type AuditEntry } from "../../api.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { Field, FormError, SelectField } from "../../components/Field.tsx";
import { PagedList } from "../../components/PagedList.tsx";
import { correctTheFields } from "../../lib/formErrors.ts";
import { auditActionLabel, auditTargetLabel, auditTargetTypes, roleLabel } from "../../lib/labels.ts";
import { formatDateTime } from "../../lib/time.ts";
import { paged, pagedQuery } from "../../lib/queries.ts";
import { Refusal, useSubmit } from "../../lib/useSubmit.ts";

// Only staff change records, so the actors worth offering are today's staff.
const loadStaff = async () => {
  const [admins, attendants] = await Promise.all(
    (["admin", "attendant"] as const).map((role) => allPages((page) => api.admin.users.list.query({ role, ...page }))),
  );
  return [...(admins ?? []), ...(attendants ?? [])];
};

/** "2026-03-12" from a date input → the start of that day here; `end` → its last millisecond. */
function dayBound(value: string, end: boolean): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  return new Date(new Date(y, m - 1, d + (end ? 1 : 0)).getTime() - (end ? 1 : 0));
}

const filterNames = ["action", "type", "actor", "from", "to"] as const;

export function AuditLog() {
  const [params, setParams] = useSearchParams();
  const action = params.get("action") ?? "";
  const targetType = params.get("type") ?? "";
  const targetId = params.get("target") ?? "";
  const actorId = params.get("actor") ?? "";
  const from = params.get("from") ?? "";
  const to = params.get("to") ?? "";

  const trpc = useTRPC();
  const fromDate = dayBound(from, false);
  const toDate = dayBound(to, true);
  const filters = {
    ...(action ? { action } : {}),
    ...(targetType ? { targetType } : {}),
    ...(targetId ? { targetId } : {}),
    ...(actorId ? { actorId } : {}),
    ...(fromDate ? { from: fromDate } : {}),
    ...(toDate ? { to: toDate } : {}),
  };
  const entries = paged(
    useInfiniteQuery(pagedQuery(trpc.admin.audit.list.infiniteQueryKey(filters), (page) => api.admin.audit.list.query({ ...filters, ...page }))),
  );
  const staff = useQuery({ queryKey: [...trpc.admin.users.list.queryKey(), "staff"], queryFn: loadStaff });

  const { onSubmit, busy, errors, message } = useSubmit(async (form) => {
    const values = Object.fromEntries(filterNames.map((name) => [name, String(form.get(name) ?? "").trim()]));
    const start = values.from ? dayBound(values.from, false) : null;
    const end = values.to ? dayBound(values.to, true) : null;
    if (start && end && end < start) throw new Refusal(correctTheFields, { to: ["Must not be before the from date."] });
    const next = new URLSearchParams();
    for (const name of filterNames) if (values[name]) next.set(name, values[name]);
    // A chosen record's history stays chosen while the other filters change.
    if (targetId && values.type === targetType) next.set("target", targetId);
    setParams(next);
  });

  const actorOptions = [
    { value: "", label: staff.isPending ? "Loading staff…" : "Anyone" },
    ...(staff.data ?? []).map((user) => ({ value: user.id, label: `${user.username} (${roleLabel[user.role]})` })),
  ];
  if (actorId && !actorOptions.some((option) => option.value === actorId)) actorOptions.push({ value: actorId, label: "The chosen actor" });

  return (
    <div className="stack">
      <header className="page-header">
        <h1>Audit log</h1>
        <p className="muted">Every change made by staff: who, what, to which record and when, newest first.</p>
      </header>
      <section className="card" aria-label="Audit entries">
        <form key={params.toString()} role="search" aria-label="Filter the audit log" onSubmit={onSubmit} noValidate className="inline-form">
          <SelectField
            label="Action"
            hideOptional
            name="action"
            defaultValue={action}
            options={[{ value: "", label: "Any" }, ...Object.entries(auditActionLabel).map(([value, label]) => ({ value, label }))]}
          />
          <SelectField
            label="Target type"
            hideOptional
            name="type"
            defaultValue={targetType}
            options={[{ value: "", label: "Any" }, ...auditTargetTypes.map((type) => ({ value: type, label: auditTargetLabel[type] ?? type }))]}
          />
          <SelectField label="Actor" hideOptional name="actor" defaultValue={actorId} options={actorOptions} />
          <Field label="From" hideOptional name="from" type="date" defaultValue={from} errors={errors.from} />
          <Field label="To" hideOptional name="to" type="date" defaultValue={to} errors={errors.to} />
          <button type="submit" className="button button-quiet" disabled={busy}>
            Filter
          </button>
          {params.size > 0 ? (
            <button type="button" className="button button-quiet" onClick={() => setParams(new URLSearchParams())}>
              Clear filters
            </button>
          ) : null}
        </form>
        <FormError message={message} />
        {targetId ? (
          <p className="alert alert-info" role="status">
            The history of {(auditTargetLabel[targetType] ?? "record").toLowerCase()} <code title={targetId}>{shortId(targetId)}</code>.{" "}
            <Link to="/admin/audit">Show every record</Link>
          </p>
        ) : null}
        {!staff.data && staff.isError ? <p className="hint">The actor list could not load; the other filters work.</p> : null}
        <PagedList list={entries} empty="No changes match.">
          {(items) => (
            <DataTable columns={["Time", "Actor", "Action", "Target", "Change", "Request id"]}>
              {items.map((entry) => (
                <tr key={entry.id}>
                  <td>
                    <time dateTime={entry.at.toISOString()}>{formatDateTime(entry.at)}</time>
                  </td>
                  <td>
                    {entry.actor ? (
                      <Link to={`/admin/audit?actor=${entry.actor.id}`} aria-label={`Changes by ${entry.actor.username}`}>
                        {entry.actor.username}
                      </Link>
                    ) : (
                      <span className="muted">System</span>
                    )}
                  </td>
                  <td>{auditActionLabel[entry.action] ?? entry.action}</td>
                  <td>
                    <Target entry={entry} />
                  </td>
                  <td className="audit-change">{summary(entry)}</td>
                  <td>{entry.requestId ? <code className="request-id">{entry.requestId}</code> : <span className="muted">—</span>}</td>
                </tr>
              ))}
            </DataTable>
          )}
        </PagedList>
      </section>
    </div>
  );
}

const shortId = (id: string) => id.slice(0, 8);

/** Where a target is best looked at: its own page when there is one, else its history here. */
function targetPath(entry: AuditEntry): string | null {
  const { targetType, targetId } = entry;
  if (!targetId) return null;
  const lotId = typeof entry.after?.lotId === "string" ? entry.after.lotId : null;
  if (targetType === "lot") return entry.action === "lot.delete" ? null : `/admin/lots/${targetId}/edit`;
  // A level, row or spot is edited on its lot's page, which its entries name.
  if ((targetType === "level" || targetType === "row" || targetType === "spot") && lotId) return `/admin/lots/${lotId}/edit`;
  if (targetType === "user") return `/admin/users?search=${encodeURIComponent(targetId)}`;
  return `/admin/audit?type=${encodeURIComponent(targetType)}&target=${encodeURIComponent(targetId)}`;
}

function Target({ entry }: { entry: AuditEntry }) {
  const shown = entry.targetName ?? (entry.targetId ? shortId(entry.targetId) : null);
  const name = `${auditTargetLabel[entry.targetType] ?? entry.targetType}${shown ? ` ${shown}` : ""}`;
  const path = targetPath(entry);
  return path ? (
    <Link to={path} title={entry.targetId ?? undefined}>
      {name}
    </Link>
  ) : (
    <span title={entry.targetId ?? undefined}>{name}</span>
  );
}

function show(value: unknown): string {
  if (value === null || value === undefined) return "none";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "string" || typeof value === "number") return String(value);
  return JSON.stringify(value);
}

/** "role: user → attendant; disabled: no → yes", or what a new record holds. */
function summary({ before, after }: AuditEntry): string {
  // Ids of related records say little to a person; the target link leads to them.
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].filter((key) => !key.endsWith("Id"));
  if (keys.length === 0) return "—";
  return keys.map((key) => (before && key in before ? `${key}: ${show(before[key])} → ${show(after?.[key])}` : `${key}: ${show(after?.[key])}`)).join("; ");
}
