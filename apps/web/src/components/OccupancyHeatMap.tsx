import { useId } from "react";
import { weekdays, weekGrid, type WeekHour } from "../lib/reports.ts";
import { hourLabel, twoDigits } from "../lib/time.ts";
const percent = (rate: number) => (rate > 0 && rate < 0.1 ? `${(rate * 100).toFixed(1)}%` : `${Math.round(rate * 100)}%`);

/**
 * Occupancy by local hour of day (columns) and weekday (rows), each cell
 * shaded by its rate and named in words, so the grid reads as a table too.
 */
export function OccupancyHeatMap({ cells }: { cells: readonly WeekHour[] }) {
  const captionId = useId();
  const grid = weekGrid(cells);
  const busiest = cells.reduce<WeekHour | null>((top, cell) => (cell.occupancyRate > (top?.occupancyRate ?? 0) ? cell : top), null);
  return (
    <div className="table-wrap">
      <table className="heat-map" aria-labelledby={captionId}>
        <caption id={captionId}>
          Occupancy by weekday and local hour
          {busiest ? `; fullest on ${weekdays[busiest.weekday - 1]} at ${hourLabel(busiest.hour)} (${percent(busiest.occupancyRate)})` : "; nothing parked"}.
        </caption>
        <thead>
          <tr>
            <td />
            {grid[0]!.map((_, hour) => (
              <th key={hour} scope="col" abbr={hourLabel(hour)}>
                {hour % 3 === 0 ? twoDigits(hour) : <span className="sr-only">{twoDigits(hour)}</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {grid.map((hours, index) => (
            <tr key={weekdays[index]}>
              <th scope="row" abbr={weekdays[index]}>
                {weekdays[index]!.slice(0, 3)}
              </th>
              {hours.map((cell, hour) =>
                cell ? (
                  <td
                    key={hour}
                    title={`${weekdays[index]} ${hourLabel(hour)}: ${percent(cell.occupancyRate)} occupied`}
                    style={{ backgroundColor: `color-mix(in srgb, var(--accent) ${Math.round(cell.occupancyRate * 100)}%, var(--surface))` }}
                    className={cell.occupancyRate >= 0.5 ? "heat-strong" : undefined}
                  >
                    <span className="sr-only">{percent(cell.occupancyRate)}</span>
                  </td>
                ) : (
                  <td key={hour} className="heat-none" title={`${weekdays[index]} ${hourLabel(hour)}: not in the range`}>
                    <span className="sr-only">none</span>
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
