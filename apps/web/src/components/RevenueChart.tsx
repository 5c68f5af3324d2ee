import { useId } from "react";
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import type { RevenueDay } from "../lib/reports.ts";
import { formatMoney, minorDigits } from "../lib/money.ts";

const shortDay = (date: string) => date.slice(5);

/**
 * Revenue collected per day in one currency, as bars, with the same figures
 * as a table for those who cannot see the chart (and a caption that sums it up).
 */
export function RevenueChart({ currency, days }: { currency: string; days: RevenueDay[] }) {
  const captionId = useId();
  const scale = 10 ** minorDigits(currency);
  const data = days.map((day) => ({ date: day.date, collected: day.collectedCents / scale }));
  const total = days.reduce((sum, day) => sum + day.collectedCents, 0);
  const best = days.reduce<RevenueDay | null>((top, day) => (day.collectedCents > (top?.collectedCents ?? 0) ? day : top), null);
  const caption = `Revenue collected per day in ${currency}: ${formatMoney(total, currency)} over ${days.length} ${days.length === 1 ? "day" : "days"}${
    best ? `, most on ${best.date} (${formatMoney(best.collectedCents, currency)})` : ""
  }.`;
  return (
    <figure className="chart" aria-labelledby={captionId} data-currency={currency}>
      <figcaption id={captionId}>{caption}</figcaption>
      <div aria-hidden="true">
        <BarChart responsive style={{ width: "100%", height: 260 }} data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }} accessibilityLayer={false}>
          <CartesianGrid vertical={false} strokeDasharray="3 3" />
          <XAxis dataKey="date" tickFormatter={shortDay} minTickGap={12} />
          <YAxis width="auto" tickFormatter={(value: number) => formatMoney(Math.round(value * scale), currency)} />
          <Tooltip formatter={(value) => formatMoney(Math.round(Number(value) * scale), currency)} />
          <Bar dataKey="collected" name="Collected" fill="var(--accent)" isAnimationActive={false} />
        </BarChart>
      </div>
      <details>
        <summary>The chart's figures as a table</summary>
        <div className="table-wrap">
          <table className="table" aria-label={`Revenue per day in ${currency}`}>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Collected</th>
                <th scope="col">Outstanding</th>
              </tr>
            </thead>
            <tbody>
              {days.map((day) => (
                <tr key={day.date}>
                  <th scope="row">{day.date}</th>
                  <td>{formatMoney(day.collectedCents, currency)}</td>
                  <td>{formatMoney(day.outstandingCents, currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
