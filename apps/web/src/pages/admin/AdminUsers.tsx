import { appCode } from "@park/sdk";
import { useInvalidate, useTRPC } from "@park/sdk/react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useSearchParams } from "react-router";
import { api, type AdminUser, type Role } from "../../api.ts";
import { ConfirmDialog } from "../../components/ConfirmDialog.tsx";
import { DataTable } from "../../components/DataTable.tsx";
import { Field, Notice, SelectField } from "../../components/Field.tsx";
import { PagedList } from "../../components/PagedList.tsx";
import { StatusBadge } from "../../components/StatusBadge.tsx";
import { roleLabel, roles, roleWithArticle } from "../../lib/labels.ts";
import { formatMoney } from "../../lib/money.ts";
import { formatDateTime } from "../../lib/time.ts";
import { paged, pagedQuery } from "../../lib/queries.ts";
import { Refusal } from "../../lib/useSubmit.ts";

type Change = { role: Role } | { disabled: boolean };

interface Pending {
  user: AdminUser;
  change: Change;
}

const statusOptions = [
  { value: "", label: "All" },
  { value: "active", label: "Active" },
  { value: "disabled", label: "Disabled" },
];

const roleDuties: Record<Role, string> = {
  user: "They keep their bookings and lose the staff pages.",
  attendant: "Attendants work the gate and the occupancy board.",
  admin: "Admins run lots, users and everything else in this console.",
};

export function AdminUsers() {
  const [params, setParams] = useSearchParams();
  const search = params.get("search") ?? "";
  const role = roles.find((r) => r === params.get("role"));
  const status = params.get("status");
  const disabled = status === "disabled" ? true : status === "active" ? false : undefined;
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  // Rows changed here show as the server returned them, without reloading the list.
  const [changed, setChanged] = useState<Record<string, AdminUser>>({});

  const trpc = useTRPC();
  const invalidate = useInvalidate();
  const filters = { ...(search ? { search } : {}), ...(role ? { role } : {}), ...(disabled !== undefined ? { disabled } : {}) };
  const users = paged(
    useInfiniteQuery(pagedQuery(trpc.admin.users.list.infiniteQueryKey(filters), (page) => api.admin.users.list.query({ ...filters, ...page }))),
  );

  const setFilter = (name: string, value: string) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );

  const onSearch = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFilter("search", String(new FormData(event.currentTarget).get("search")).trim());
  };

  const confirm = async ({ user, change }: Pending) => {
    try {
      const saved = await api.admin.users.update.mutate({ id: user.id, ...change });
      setChanged((rows) => ({ ...rows, [saved.id]: saved }));
      void invalidate(trpc.admin.users, trpc.admin.audit);
      setNotice(
        "role" in change ? `${saved.username} is now ${roleWithArticle[saved.role]}.` : `${saved.disabled ? "Disabled" : "Enabled"} ${saved.username}.`,
      );
      setPending(null);
    } catch (caught) {
      if (appCode(caught) === "LAST_ADMIN") throw new Refusal(`${user.username} is the last active admin: make another admin first.`);
      throw caught;
    }
  };

  return (
    <div className="stack">
      <header className="page-header">
        <h1>Users</h1>
        <p className="muted">Everyone with an account: what they have booked and spent, their role, and whether they can sign in.</p>
      </header>
      <Notice message={notice} />
      <section className="card" aria-label="All users">
        <form role="search" aria-label="Find users" onSubmit={onSearch} className="inline-form">
          <Field key={search} label="Search users" hideOptional name="search" type="search" defaultValue={search} placeholder="Name, email, phone or id" />
          <button type="submit" className="button button-quiet">
            Search
          </button>
          <SelectField
            label="Role"
            hideOptional
            name="role"
            value={role ?? ""}
            onChange={(event) => setFilter("role", event.target.value)}
            options={[{ value: "", label: "All" }, ...roles.map((r) => ({ value: r, label: roleLabel[r] }))]}
          />
          <SelectField
            label="Status"
            hideOptional
            name="status"
            value={disabled === undefined ? "" : (status ?? "")}
            onChange={(event) => setFilter("status", event.target.value)}
            options={statusOptions}
          />
        </form>
        <PagedList list={users} empty="No users match.">
          {(items) => (
            <DataTable columns={["Username", "Email", "Role", "Status", "Reservations", "Sessions", "Spent", "Last activity"]} actions>
              {items.map((listed) => {
                const user = changed[listed.id] ?? listed;
                return (
                  <tr key={user.id}>
                    <th scope="row">{user.username}</th>
                    <td>{user.email}</td>
                    <td>
                      <select
                        className="table-select"
                        aria-label={`Role of ${user.username}`}
                        value={user.role}
                        onChange={(event) => setPending({ user, change: { role: event.target.value as Role } })}
                      >
                        {roles.map((r) => (
                          <option key={r} value={r}>
                            {roleLabel[r]}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <StatusBadge status={user.disabled ? "disabled" : "active"} />
                    </td>
                    <td>{user.reservations}</td>
                    <td>{user.sessions}</td>
                    <td>{user.spent.length ? user.spent.map((s) => formatMoney(s.cents, s.currency)).join(", ") : <span className="muted">—</span>}</td>
                    <td>{user.lastActivityAt ? formatDateTime(user.lastActivityAt) : <span className="muted">Never</span>}</td>
                    <td className="cell-actions">
                      <button
                        type="button"
                        className="button button-quiet button-small"
                        aria-label={`${user.disabled ? "Enable" : "Disable"} ${user.username}`}
                        onClick={() => setPending({ user, change: { disabled: !user.disabled } })}
                      >
                        {user.disabled ? "Enable" : "Disable"}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </DataTable>
          )}
        </PagedList>
      </section>
      {pending ? <ConfirmChange pending={pending} onConfirm={() => confirm(pending)} onClose={() => setPending(null)} /> : null}
    </div>
  );
}

function ConfirmChange({ pending: { user, change }, onConfirm, onClose }: { pending: Pending; onConfirm: () => Promise<void>; onClose: () => void }) {
  if ("role" in change) {
    return (
      <ConfirmDialog
        title={`Make ${user.username} ${roleWithArticle[change.role]}?`}
        confirmLabel="Change role"
        busyLabel="Changing…"
        onConfirm={onConfirm}
        onClose={onClose}
      >
        <p>{roleDuties[change.role]} The change applies from their next action.</p>
      </ConfirmDialog>
    );
  }
  return change.disabled ? (
    <ConfirmDialog title={`Disable ${user.username}?`} confirmLabel="Disable" danger busyLabel="Disabling…" onConfirm={onConfirm} onClose={onClose}>
      <p>They are signed out on their next action and cannot sign in until an admin enables them again.</p>
    </ConfirmDialog>
  ) : (
    <ConfirmDialog title={`Enable ${user.username}?`} confirmLabel="Enable" busyLabel="Enabling…" onConfirm={onConfirm} onClose={onClose}>
      <p>They can sign in again.</p>
    </ConfirmDialog>
  );
}
