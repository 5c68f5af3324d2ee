import type { Spot, SpotStatus } from "../api.ts";
import { spotKindLabel, spotKindShort, spotStatuses, spotStatusLabel, spotStatusShort } from "../lib/labels.ts";

export interface MapLevel {
  id: string;
  name: string;
  rows: { id: string; name: string }[];
}

interface SpotMapProps {
  levels: MapLevel[];
  spots: Spot[];
  /** Makes every spot a button (staff pick spots to act on). */
  onSelect?: (spot: Spot) => void;
  selectedId?: string | null;
}

/** What a spot is called in words: "Spot 3, EV charging, available", or with where it is: "Spot 3 (level P0, row B), …". */
export function describeSpot(spot: Spot, where?: string): string {
  return `Spot ${spot.label}${where ? ` (${where})` : ""}, ${spotKindLabel[spot.kind]}, ${spotStatusLabel[spot.status].toLowerCase()}`;
}

/** "level P0, row B" for a spot, from the levels it was drawn with. */
export function whereIs(spot: Spot, levels: MapLevel[]): string | undefined {
  const level = levels.find((l) => l.id === spot.levelId);
  const row = level?.rows.find((r) => r.id === spot.rowId);
  return level && row ? `level ${level.name}, row ${row.name}` : undefined;
}

function freeText(spots: Spot[]): string {
  return `${spots.filter((s) => s.status === "available").length} of ${spots.length} free`;
}

/**
 * Levels, rows and spots drawn as a grid. Each spot prints its label and a
 * status word, and carries a full description for screen readers, so the
 * colours are a help rather than the only signal.
 */
export function SpotMap({ levels, spots, onSelect, selectedId }: SpotMapProps) {
  const byRow = new Map<string, Spot[]>();
  for (const spot of spots) byRow.set(spot.rowId, [...(byRow.get(spot.rowId) ?? []), spot]);
  return (
    <div className="spot-map">
      <SpotLegend />
      {levels.map((level) => {
        const levelSpots = level.rows.flatMap((row) => byRow.get(row.id) ?? []);
        return (
          <section key={level.id} className="map-level" aria-label={`Level ${level.name}`}>
            <h3>
              Level {level.name} <span className="muted map-count">{freeText(levelSpots)}</span>
            </h3>
            {level.rows.map((row) => {
              const rowSpots = byRow.get(row.id) ?? [];
              return (
                <div key={row.id} className="map-row">
                  <h4 className="map-row-name">
                    Row {row.name} <span className="muted map-count">{freeText(rowSpots)}</span>
                  </h4>
                  {rowSpots.length === 0 ? (
                    <p className="muted">No spots in this row.</p>
                  ) : (
                    <ul className="spot-grid" aria-label={`Level ${level.name}, row ${row.name}`}>
                      {rowSpots.map((spot) => (
                        <li key={spot.id} className={`spot spot-${spot.status}${spot.id === selectedId ? " spot-selected" : ""}`} title={describeSpot(spot)}>
                          {onSelect ? (
                            <button type="button" className="spot-button" aria-pressed={spot.id === selectedId} onClick={() => onSelect(spot)}>
                              <SpotFace spot={spot} />
                            </button>
                          ) : (
                            <SpotFace spot={spot} />
                          )}
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
              );
            })}
          </section>
        );
      })}
    </div>
  );
}

function SpotFace({ spot }: { spot: Spot }) {
  return (
    <>
      <span className="spot-label" aria-hidden="true">
        {spot.label}
      </span>
      <span className="spot-state" aria-hidden="true">
        {spotStatusShort[spot.status]}
      </span>
      {spotKindShort[spot.kind] ? (
        <span className="spot-kind" aria-hidden="true">
          {spotKindShort[spot.kind]}
        </span>
      ) : null}
      <span className="sr-only">{describeSpot(spot)}</span>
    </>
  );
}

export function SpotLegend() {
  return (
    <div className="legend">
      <ul aria-label="Spot status legend" className="legend-list">
        {spotStatuses.map((status: SpotStatus) => (
          <li key={status}>
            <span className={`legend-swatch spot-${status}`} aria-hidden="true">
              {spotStatusShort[status]}
            </span>
            {spotStatusLabel[status]}
          </li>
        ))}
      </ul>
      <ul aria-label="Spot kind legend" className="legend-list muted">
        {(["compact", "ev", "accessible", "motorcycle"] as const).map((kind) => (
          <li key={kind}>
            <span className="legend-tag" aria-hidden="true">
              {spotKindShort[kind]}
            </span>
            {spotKindLabel[kind]}
          </li>
        ))}
      </ul>
    </div>
  );
}
