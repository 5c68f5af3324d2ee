import { useTRPC } from "@park/sdk/react";
import { useQuery } from "@tanstack/react-query";
import { Link, useSearchParams } from "react-router";
import { DataTable } from "../../components/DataTable.tsx";
import { Facts } from "../../components/Facts.tsx";
import { Field, FormError } from "../../components/Field.tsx";
import { LoadError, Loading } from "../../components/Loading.tsx";
import { LotSelect } from "../../components/LotSelect.tsx";
import { OccupancyHeatMap } from "../../components/OccupancyHeatMap.tsx";
import { RevenueChart } from "../../components/RevenueChart.tsx";
import { saveFile } from "../../lib/download.ts";
import { correctTheFields } from "../../lib/formErrors.ts";
import { formatMoney } from "../../lib/money.ts";
import { presetOf, presets, reportCsv, revenueByDay, type ReportLot, type ReportSummary } from "../../lib/reports.ts";
import { formatDateTime, formatDuration, hourLabel } from "../../lib/time.ts";
import { Refusal, useSubmit } from "../../lib/useSubmit.ts";

const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;
const stay = (minutes: number | null) => (minutes === null ? "—" : formatDuration(minutes * 60_000));

type Money = ReportSummary["totals"]["revenue"][number];

/** Amounts in every currency that has one, "€3.50 + $1.00"; a single zero when none has. */
function amounts(entries: readonly Money[], pick: (money: Money) => number): string {
  const shown = entries.filter((money) => pick(money) !== 0);
  return (shown.length > 0 ? shown : entries.slice(0, 1)).map((money) => formatMoney(pick(money), money.currency)).join(" + ") || "—";
}

export function Reports() {
  const [params, setParams] = useSearchParams();
  const today = new Date();
  const fallback = presets[2].range(today);
  const from = params.get("from") ?? fallback.from;
  const to = params.get("to") ?? fallback.to;
  const lotId = params.get("lot") ?? "";
  const preset = presetOf(from, to, today);

  const trpc = useTRPC();
  const report = useQuery(trpc.admin.reports.summary.queryOptions({ from, to, ...(lotId ? { lotId } : {}) }));

  const show = (next: { from?: string; to?: string; lot?: string }) => {
    const merged = { from, to, lot: lotId, ...next };
    setParams(Object.fromEntries(Object.entries(merged).filter(([, value]) => value)));
  };

  const { onSubmit, busy, errors, message } = useSubmit(async (form) => {
    const [chosenFrom, chosenTo] = [String(form.get("from") ?? ""), String(form.get("to") ?? "")];
    if (!chosenFrom || !chosenTo)
      throw new Refusal(correctTheFields, { ...(chosenFrom ? {} : { from: ["Choose a day."] }), ...(chosenTo ? {} : { to: ["Choose a day."] }) });
    if (chosenTo < chosenFrom) throw new Refusal(correctTheFields, { to: ["Must not be before the from date."] });
    show({ from: chosenFrom, to: chosenTo });
  });

  return (
    <div className="stack">
      <header className="page-header">
        <h1>Reports</h1>
        <p className="muted">Revenue, sessions, reservations and occupancy, each day read in the lot's own timezone.</p>
      </header>
      <section className="card stack-tight" aria-label="Report range">
        <div className="actions" role="group" aria-label="Ranges">
          {presets.map((option) => (
            <button
              key={option.id}
              type="button"
              className="button button-quiet button-small"
              aria-pressed={preset === option.id}
              onClick={() => show(option.range(new Date()))}
            >
              {option.label}
            </button>
          ))}
        </div>
        <form key={`${from}/${to}`} className="inline-form" onSubmit={onSubmit} noValidate aria-label="Choose the days">
          <Field label="From" hideOptional name="from" type="date" defaultValue={from} errors={errors.from} />
          <Field label="To" hideOptional name="to" type="date" defaultValue={to} errors={errors.to} />
          <button type="submit" className="button button-quiet" disabled={busy}>
            Show
          </button>
        </form>
        <LotSelect value={lotId} anyLabel="Every lot" onChange={(lot) => show({ lot })} />
        <FormError message={message} />
      </section>
      {report.data ? (
        <ReportView summary={report.data} />
      ) : report.isError ? (
        <LoadError error={report.error} retry={() => void report.refetch()} />
      ) : (
        <Loading what="Adding up the figures…" />
      )}
    </div>
  );
}

function ReportView({ summary }: { summary: ReportSummary }) {
  const { totals } = summary;
  const download = () => saveFile(`park-report-${summary.from}-to-${summary.to}.csv`, reportCsv(summary));
  return (
    <>
      <section className="card" aria-labelledby="report-totals">
        <div className="card-header">
          <h2 id="report-totals">
            {summary.from === summary.to ? summary.from : `${summary.from} to ${summary.to}`}
            {summary.lotId && summary.lots[0] ? `, ${summary.lots[0].name}` : ", every lot"}
          </h2>
          <button type="button" className="button button-quiet" onClick={download}>
            Download CSV
          </button>
        </div>
        <Facts
          items={[
            ["Collected", amounts(totals.revenue, (m) => m.collectedCents)],
            ["Outstanding", amounts(totals.revenue, (m) => m.outstandingCents)],
            ["Sessions", String(totals.sessions)],
            ["Reservations", `${totals.reservations.total} (${totals.reservations.cancelled} cancelled)`],
            ["Occupancy", percent(totals.occupancyRate)],
            ["Average stay", stay(totals.averageStayMinutes)],
          ]}
        />
        <p className="hint">As of {formatDateTime(summary.generatedAt)}; cars still parked count up to then.</p>
      </section>
      <section className="card" aria-labelledby="report-revenue">
        <h2 id="report-revenue">Revenue per day</h2>
        {revenueByDay(summary).map((series) => (
          <RevenueChart key={series.currency} currency={series.currency} days={series.days} />
        ))}
        {summary.lots.length === 0 ? <p className="muted">No lots in this range.</p> : null}
      </section>
      <section className="card" aria-labelledby="report-occupancy">
        <h2 id="report-occupancy">Occupancy by hour</h2>
        <OccupancyHeatMap cells={summary.occupancyByWeekdayHour} />
      </section>
      <section className="card" aria-labelledby="report-lots">
        <h2 id="report-lots">Per lot</h2>
        <DataTable columns={["Lot", "Collected", "Outstanding", "Sessions", "Reservations", "Occupancy", "Average stay", "Busiest hour"]}>
          {summary.lots.map((lot) => (
            <LotRow key={lot.lotId} lot={lot} />
          ))}
        </DataTable>
      </section>
    </>
  );
}

function LotRow({ lot }: { lot: ReportLot }) {
  const { total } = lot;
  return (
    <tr data-lot={lot.lotId}>
      <th scope="row">
        <Link to={`/admin/lots/${lot.lotId}/edit`}>{lot.name}</Link> <span className="muted">{lot.timezone}</span>
      </th>
      <td>{amounts(total.revenue, (m) => m.collectedCents)}</td>
      <td>{amounts(total.revenue, (m) => m.outstandingCents)}</td>
      <td>{total.sessions}</td>
      <td>{total.reservations.total}</td>
      <td>{percent(total.occupancyRate)}</td>
      <td>{stay(total.averageStayMinutes)}</td>
      <td>{total.busiestHour ? hourLabel(total.busiestHour.hour) : "—"}</td>
    </tr>
  );
}
