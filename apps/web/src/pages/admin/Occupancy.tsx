import { useInvalidate, useTRPC } from "@park/sdk/react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { api, messageOf, type Occupancy as OccupancyData, type Spot } from "../../api.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { Facts } from "../../components/Facts.tsx";
import { FormError, Notice } from "../../components/Field.tsx";
import { LoadError, Loading } from "../../components/Loading.tsx";
import { LotSelect } from "../../components/LotSelect.tsx";
import { describeSpot, SpotMap, whereIs } from "../../components/SpotMap.tsx";
import { formatClock } from "../../lib/time.ts";
import { useLotUpdates } from "../../lib/live.ts";

export function Occupancy() {
  const [params, setParams] = useSearchParams();
  const lotId = params.get("lot") ?? "";
  return (
    <div className="stack">
      <header className="page-header">
        <h1>Occupancy board</h1>
        <p className="muted">Every spot's status now. Pick a spot to take it out of service or back.</p>
      </header>
      <section className="card narrow-left" aria-label="Choose a lot">
        <LotSelect value={lotId} onChange={(id) => setParams(id ? { lot: id } : {}, { replace: true })} />
      </section>
      {lotId ? <Board key={lotId} lotId={lotId} /> : <p className="muted">Choose a lot to see its spots.</p>}
    </div>
  );
}

function Board({ lotId }: { lotId: string }) {
  const trpc = useTRPC();
  const invalidate = useInvalidate();
  const { mode, refetchInterval } = useLotUpdates(lotId, () => [trpc.lots]);
  const occupancy = useQuery({ ...trpc.lots.occupancy.queryOptions({ lotId }), refetchInterval });
  const [selectedId, setSelectedId] = useState<string | null>(null);

  if (!occupancy.data) {
    return occupancy.isError ? <LoadError error={occupancy.error} retry={() => void occupancy.refetch()} /> : <Loading what="Loading the board…" />;
  }
  const data = occupancy.data;
  const selected = data.spots.find((spot) => spot.id === selectedId) ?? null;

  return (
    <>
      <section className="card" aria-labelledby="board-totals">
        <div className="card-header">
          <h2 id="board-totals">Totals</h2>
          <p className="muted live-note" role="status">
            {mode === "live" ? "Live" : "Refreshing every 15 s"} · as of {formatClock(data.at)} · <Link to={`/lots/${lotId}`}>Lot page</Link>
          </p>
        </div>
        <Facts
          items={[
            ["Capacity", String(data.totals.capacity)],
            ["Available", String(data.totals.available)],
            ["Occupied", String(data.totals.occupied)],
            ["Reserved", String(data.totals.reserved)],
            ["Out of service", String(data.totals.outOfService)],
          ]}
        />
      </section>
      {data.atRisk.length > 0 ? <AtRisk data={data} /> : null}
      <section className="card" aria-labelledby="board-rows">
        <h2 id="board-rows">By level and row</h2>
        <CountsTable data={data} />
      </section>
      <section className="card" aria-labelledby="board-map">
        <h2 id="board-map">Spots</h2>
        {selected ? (
          <SpotActions
            key={selected.id}
            spot={selected}
            where={whereIs(selected, data.levels)}
            onChanged={() => void invalidate(trpc.lots, trpc.spots)}
            onClose={() => setSelectedId(null)}
          />
        ) : null}
        <SpotMap levels={data.levels} spots={data.spots} selectedId={selectedId} onSelect={(spot) => setSelectedId(spot.id === selectedId ? null : spot.id)} />
      </section>
    </>
  );
}

/** Bookings about to start on a spot whose car has not left, with no free spot to move them to. */
function AtRisk({ data }: { data: OccupancyData }) {
  const spotLabel = (id: string) => {
    const spot = data.spots.find((s) => s.id === id);
    return spot ? describeSpot(spot, whereIs(spot, data.levels)) : id;
  };
  return (
    <section className="card card-warning" aria-labelledby="board-risk">
      <h2 id="board-risk">Bookings at risk</h2>
      <p className="muted">
        The car on each of these spots has not left, and no other spot is free for the booking. Walk-ups only get spots with nothing booked ahead until this
        clears.
      </p>
      <DataTable columns={["Spot", "Booked from", "Until", "Car still there"]}>
        {data.atRisk.map((risk) => (
          <tr key={risk.reservationId}>
            <th scope="row">{spotLabel(risk.spotId)}</th>
            <td>{formatClock(risk.startsAt)}</td>
            <td>{formatClock(risk.endsAt)}</td>
            <td>{risk.occupantPlate}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

function CountsTable({ data }: { data: OccupancyData }) {
  return (
    <DataTable columns={["Level / row", "Capacity", "Available", "Occupied", "Reserved", "Out of service"]}>
      {data.levels.flatMap((level) => [
        <tr key={level.id} className="row-level">
          <th scope="row">Level {level.name}</th>
          <Counts counts={level.counts} />
        </tr>,
        ...level.rows.map((row) => (
          <tr key={row.id}>
            <th scope="row" className="row-indent">
              Level {level.name}, row {row.name}
            </th>
            <Counts counts={row.counts} />
          </tr>
        )),
      ])}
    </DataTable>
  );
}

function Counts({ counts }: { counts: OccupancyData["totals"] }) {
  return (
    <>
      <td>{counts.capacity}</td>
      <td>{counts.available}</td>
      <td>{counts.occupied}</td>
      <td>{counts.reserved}</td>
      <td>{counts.outOfService}</td>
    </>
  );
}

interface SpotActionsProps {
  spot: Spot;
  where: string | undefined;
  onChanged: () => void;
  onClose: () => void;
}

function SpotActions({ spot, where, onChanged, onClose }: SpotActionsProps) {
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const out = spot.status === "out_of_service";

  const toggle = async () => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const updated = await api.spots.setOutOfService.mutate({ id: spot.id, outOfService: !out });
      setNotice(updated.status === "out_of_service" ? `Spot ${updated.label} is out of service.` : `Spot ${updated.label} is back in service.`);
      onChanged();
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="spot-actions" role="group" aria-label="Selected spot">
      <p>
        <strong>{describeSpot(spot, where)}</strong>
      </p>
      <Notice message={notice} />
      <FormError message={error} />
      <div className="actions">
        <button type="button" className="button" onClick={toggle} disabled={busy}>
          {out ? "Put back in service" : "Take out of service"}
        </button>
        <button type="button" className="button button-quiet" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
