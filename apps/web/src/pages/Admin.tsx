import { Link } from "react-router";
import { api, messageOf } from "../api.ts";
import { FormError } from "../components/Field.tsx";
import { Facts } from "../components/Facts.tsx";
import { useQuery } from "../lib/useQuery.ts";

const loadHealth = () => api.health.check.query();

const sections: { name: string; text: string; to?: string }[] = [
  { name: "Lots", text: "Create lots with levels, rows and spots; set prices and capacity.", to: "/admin/lots" },
  { name: "Occupancy", text: "See every spot's status, live, per level and row; take spots out of service.", to: "/admin/occupancy" },
  { name: "Users", text: "Find users, change roles, disable accounts. Coming next." },
  { name: "Reports", text: "Revenue, sessions, reservations and occupancy per day and per lot. Coming next." },
];

export function Admin() {
  const health = useQuery(loadHealth);
  return (
    <div className="stack">
      <header className="page-header">
        <h1>Admin console</h1>
        <p className="muted">Run the lots, the people and the numbers behind Park.</p>
      </header>
      <section className="card" aria-labelledby="admin-health">
        <div className="card-header">
          <h2 id="admin-health">API health</h2>
          <button type="button" className="button button-quiet" onClick={health.reload} disabled={health.status === "loading"}>
            Check again
          </button>
        </div>
        {health.status === "loading" ? (
          <p className="muted" role="status">
            Checking…
          </p>
        ) : health.status === "error" ? (
          <FormError message={messageOf(health.error)} />
        ) : (
          <Facts
            items={[
              ["API status", <Status key="api" ok={health.data.status === "ok"} text={health.data.status} />],
              ["Database", <Status key="db" ok={health.data.db === "ok"} text={health.data.db} />],
            ]}
          />
        )}
      </section>
      <section className="card" aria-labelledby="admin-sections">
        <h2 id="admin-sections">Manage</h2>
        <ul className="sections">
          {sections.map(({ name, text, to }) => (
            <li key={name} className={to ? "section-live" : undefined}>
              <strong>{to ? <Link to={to}>{name}</Link> : name}</strong>
              <span className="muted">{text}</span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

function Status({ ok, text }: { ok: boolean; text: string }) {
  return <span className={ok ? "badge badge-ok" : "badge badge-bad"}>{text}</span>;
}
