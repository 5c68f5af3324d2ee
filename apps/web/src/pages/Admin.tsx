import { useInvalidate, useTRPC } from "@park/sdk/react";
import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { Link } from "react-router";
import { messageOf, type LotSummary } from "../api.ts";
import { FormError } from "../components/Field.tsx";
import { Facts } from "../components/Facts.tsx";
import { LoadError, Loading } from "../components/Loading.tsx";
import { formatMoney } from "../lib/money.ts";
import { calendarDay, type ReportSummary } from "../lib/reports.ts";

const tileCount = 12;
// Each lot's today is its own local day: the days around the browser's today hold it whatever the lot's timezone.
function daysAroundToday() {
  const now = new Date();
  const day = (offset: number) => calendarDay(new Date(now.getFullYear(), now.getMonth(), now.getDate() + offset));
  return { from: day(-1), to: day(1) };
}

/** What the lot collected on its own today, in each currency it was paid in. */
function todaysRevenue(report: ReportSummary, lotId: string, now: Date): string | null {
  const today = report.lots.find((lot) => lot.lotId === lotId)?.days.find((day) => day.startsAt <= now && now < day.endsAt);
  return today ? today.revenue.map((money) => formatMoney(money.collectedCents, money.currency)).join(" + ") : null;
}

const sections: { name: string; text: string; to?: string }[] = [
  { name: "Lots", text: "Create lots with levels, rows and spots; set prices and capacity.", to: "/admin/lots" },
  { name: "Occupancy", text: "See every spot's status, live, per level and row; take spots out of service.", to: "/admin/occupancy" },
  { name: "Users", text: "Find users, see what they booked and spent, change roles, disable accounts.", to: "/admin/users" },
  { name: "Audit log", text: "Who changed what, and when: every staff change with its request id.", to: "/admin/audit" },
  { name: "Jobs & mail", text: "Run reminders, reports and exports now; see job runs and the outbox, and retry dead messages.", to: "/admin/jobs" },
  { name: "Reports", text: "Revenue, sessions, reservations and occupancy per day and per lot, as charts and CSV.", to: "/admin/reports" },
];

export function Admin() {
  const trpc = useTRPC();
  const invalidate = useInvalidate();
  const health = useQuery(trpc.health.check.queryOptions());
  const lots = useQuery(trpc.lots.list.queryOptions({ limit: tileCount }));
  const revenue = useQuery(trpc.admin.reports.summary.queryOptions(daysAroundToday()));
  const refresh = () => void invalidate(trpc.lots, trpc.admin.reports);
  const revenueOf = (lotId: string) => (revenue.data ? (todaysRevenue(revenue.data, lotId, new Date()) ?? "—") : revenue.isPending ? "…" : "unavailable");
  return (
    <div className="stack">
      <header className="page-header">
        <h1>Admin console</h1>
        <p className="muted">Run the lots, the people and the numbers behind Park.</p>
      </header>
      <section className="card" aria-labelledby="admin-health">
        <div className="card-header">
          <h2 id="admin-health">API health</h2>
          <button type="button" className="button button-quiet" onClick={() => void health.refetch()} disabled={health.isFetching}>
            Check again
          </button>
        </div>
        {health.isFetching ? (
          <p className="muted" role="status">
            Checking…
          </p>
        ) : !health.data ? (
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
      <section className="card" aria-labelledby="admin-lots">
        <div className="card-header">
          <h2 id="admin-lots">Lots now</h2>
          <button type="button" className="button button-quiet" onClick={refresh} disabled={lots.isPending}>
            Refresh
          </button>
        </div>
        {!lots.data ? (
          lots.isError ? (
            <LoadError error={lots.error} retry={() => void lots.refetch()} />
          ) : (
            <Loading what="Loading lots…" />
          )
        ) : lots.data.items.length === 0 ? (
          <p className="muted">
            No lots yet. <Link to="/admin/lots/new">Create the first</Link>.
          </p>
        ) : (
          <>
            <ul className="lot-list lot-tiles">
              {lots.data.items.map((lot) => (
                <LotTile key={lot.id} lot={lot} revenue={revenueOf(lot.id)} />
              ))}
            </ul>
            <p className="muted">
              {lots.data.nextCursor ? (
                <>
                  The first {tileCount} lots; <Link to="/admin/lots">see them all</Link>.{" "}
                </>
              ) : null}
              Revenue is what each lot collected since its own local midnight; <Link to="/admin/reports">see the reports</Link>.
            </p>
          </>
        )}
      </section>
    </div>
  );
}

function LotTile({ lot, revenue }: { lot: LotSummary; revenue: string }) {
  const headingId = useId();
  return (
    <li className="lot-tile" aria-labelledby={headingId}>
      <h3 id={headingId}>{lot.name}</h3>
      <Facts
        items={[
          ["Free now", `${lot.available} of ${lot.capacity}`],
          ["Today's revenue", revenue],
        ]}
      />
      <p className="actions">
        <Link to={`/admin/occupancy?lot=${lot.id}`} aria-label={`Occupancy board for ${lot.name}`}>
          Occupancy board
        </Link>
        <Link to={`/admin/lots/${lot.id}/edit`} aria-label={`Edit ${lot.name}`}>
          Edit
        </Link>
      </p>
    </li>
  );
}

function Status({ ok, text }: { ok: boolean; text: string }) {
  return <span className={ok ? "badge badge-ok" : "badge badge-bad"}>{text}</span>;
}
