// The report in one statement: every figure of every lot and local day is
// aggregated by the database, so the rows that reach the service are one per
// lot and day however many sessions there were, all read from one snapshot.
import { Prisma } from "@park/db";

export interface ReportDayRow {
  lotId: string;
  name: string;
  timezone: string;
  currency: string;
  day: string;
  startsAt: Date;
  endsAt: Date;
  daySeconds: number;
  openSeconds: number;
  occupiedSeconds: number;
  sessions: number;
  endedSessions: number;
  staySeconds: number;
  confirmed: number;
  checkedIn: number;
  completed: number;
  cancelled: number;
  expired: number;
  busiestHour: number | null;
  busiestSeconds: number | null;
  lotBusiestHour: number | null;
  lotBusiestSeconds: number | null;
  money: { currency: string; collected: number; outstanding: number }[];
}

/**
 * One row per lot and local calendar day from `from` to `to`, ordered by lot
 * name and day. A local day runs from its midnight to the next, both read in
 * the lot's timezone, so it lasts 23, 24 or 25 hours; every figure is
 * attributed to the local day of the instant it counts (a payment at 23:30 in
 * Lisbon is that day's even when it is the next day in UTC).
 *
 * Hours of a day are the real hours from its midnight (slot k covers
 * midnight + k h to midnight + (k+1) h), each named by the local hour it
 * starts at: on a 25-hour day two slots are named 1, on a 23-hour day none
 * is. A day's busiest hour is its slot with the most occupied spot-seconds,
 * the earliest on a tie; over a range, each local hour's slots are summed
 * first.
 */
export function reportSummarySql(input: { from: string; to: string; lotId: string | null; now: Date }): Prisma.Sql {
  const { from, to, lotId, now } = input;
  return Prisma.sql`
    WITH lot_set AS (
      SELECT l.id, l.name, l.timezone AS tz, l.currency
      FROM lots l
      WHERE (${lotId}::uuid IS NULL AND (l.deleted_at IS NULL OR l.deleted_at > (${from}::date::timestamp AT TIME ZONE l.timezone)))
         OR l.id = ${lotId}::uuid
    ),
    days AS (
      SELECT l.id AS lot_id, l.tz, d.day,
             d.day::timestamp AT TIME ZONE l.tz AS day_start,
             (d.day + 1)::timestamp AT TIME ZONE l.tz AS day_end
      FROM lot_set l
      CROSS JOIN LATERAL (SELECT ${from}::date + i AS day FROM generate_series(0, ${to}::date - ${from}::date) AS i) d
    ),
    bounds AS (
      SELECT lot_id, tz, min(day_start) AS range_start, max(day_end) AS range_end FROM days GROUP BY lot_id, tz
    ),
    live_spots AS (
      SELECT sp.lot_id, count(*)::int AS n
      FROM spots sp JOIN lot_set l ON l.id = sp.lot_id
      WHERE sp.retired_at IS NULL
      GROUP BY sp.lot_id
    ),
    -- A spot retired during or after a day counted as open until it was retired.
    retired_seconds AS (
      SELECT d.lot_id, d.day, sum(date_part('epoch', least(sp.retired_at, d.day_end) - d.day_start)) AS seconds
      FROM days d JOIN spots sp ON sp.lot_id = d.lot_id AND sp.retired_at > d.day_start
      GROUP BY d.lot_id, d.day
    ),
    -- Every stay that overlaps the range, cut to the range and to now.
    stays AS (
      SELECT b.lot_id, b.tz,
             greatest(s.started_at, b.range_start) AS stay_from,
             least(coalesce(s.ended_at, ${now}::timestamptz), b.range_end) AS stay_to
      FROM bounds b
      JOIN sessions s ON s.lot_id = b.lot_id
       -- Written exactly as sessions_lot_id_stay_idx is, so that the index serves it.
       AND tstzrange(s.started_at, CASE WHEN s.ended_at < s.started_at THEN s.started_at ELSE s.ended_at END, '[]')
           && tstzrange(b.range_start, b.range_end, '[)')
    ),
    -- Each stay split at local midnights, one piece per day it touches.
    pieces AS (
      SELECT d.lot_id, d.day, d.day_start,
             greatest(st.stay_from, d.day_start) AS piece_from,
             least(st.stay_to, d.day_end) AS piece_to
      FROM stays st
      CROSS JOIN LATERAL generate_series(0, (st.stay_to AT TIME ZONE st.tz)::date - (st.stay_from AT TIME ZONE st.tz)::date) AS k
      JOIN days d ON d.lot_id = st.lot_id AND d.day = (st.stay_from AT TIME ZONE st.tz)::date + k
      WHERE st.stay_to > st.stay_from
    ),
    slots AS (
      SELECT p.lot_id, p.day, h.slot,
             sum(date_part('epoch',
                 least(p.piece_to, p.day_start + (h.slot + 1) * interval '1 hour')
                 - greatest(p.piece_from, p.day_start + h.slot * interval '1 hour'))) AS seconds
      FROM pieces p
      CROSS JOIN LATERAL generate_series(
        floor(date_part('epoch', p.piece_from - p.day_start) / 3600)::int,
        ceil(date_part('epoch', p.piece_to - p.day_start) / 3600)::int - 1) AS h(slot)
      WHERE p.piece_to > p.piece_from
      GROUP BY p.lot_id, p.day, h.slot
    ),
    named_slots AS (
      SELECT sl.lot_id, sl.day, sl.slot, sl.seconds,
             extract(hour FROM (d.day_start + sl.slot * interval '1 hour') AT TIME ZONE d.tz)::int AS hour
      FROM slots sl JOIN days d ON d.lot_id = sl.lot_id AND d.day = sl.day
    ),
    occupied AS (
      SELECT lot_id, day, sum(seconds) AS seconds FROM slots GROUP BY lot_id, day
    ),
    day_busiest AS (
      SELECT DISTINCT ON (lot_id, day) lot_id, day, hour, seconds
      FROM named_slots WHERE seconds > 0
      ORDER BY lot_id, day, seconds DESC, slot
    ),
    lot_busiest AS (
      SELECT DISTINCT ON (lot_id) lot_id, hour, seconds
      FROM (SELECT lot_id, hour, sum(seconds) AS seconds FROM named_slots GROUP BY lot_id, hour) by_hour
      WHERE seconds > 0
      ORDER BY lot_id, seconds DESC, hour
    ),
    started AS (
      SELECT b.lot_id, (s.started_at AT TIME ZONE b.tz)::date AS day, count(*)::int AS n
      FROM bounds b JOIN sessions s ON s.lot_id = b.lot_id AND s.started_at >= b.range_start AND s.started_at < b.range_end
      GROUP BY 1, 2
    ),
    ended AS (
      SELECT b.lot_id, (s.ended_at AT TIME ZONE b.tz)::date AS day, s.currency,
             count(*)::int AS n,
             sum(date_part('epoch', s.ended_at - s.started_at)) AS stay_seconds,
             coalesce(sum(s.amount_cents) FILTER (WHERE s.payment_status = 'unpaid'), 0) AS outstanding
      FROM bounds b JOIN sessions s ON s.lot_id = b.lot_id AND s.ended_at >= b.range_start AND s.ended_at < b.range_end
      GROUP BY 1, 2, 3
    ),
    ended_days AS (
      SELECT lot_id, day, sum(n)::int AS n, sum(stay_seconds) AS stay_seconds FROM ended GROUP BY lot_id, day
    ),
    paid AS (
      SELECT b.lot_id, (p.created_at AT TIME ZONE b.tz)::date AS day, p.currency, sum(p.amount_cents) AS collected
      FROM payments p
      JOIN sessions s ON s.id = p.session_id
      JOIN bounds b ON b.lot_id = s.lot_id AND p.created_at >= b.range_start AND p.created_at < b.range_end
      WHERE p.created_at >= (SELECT min(range_start) FROM bounds) AND p.created_at < (SELECT max(range_end) FROM bounds)
      GROUP BY 1, 2, 3
    ),
    money AS (
      SELECT lot_id, day,
             jsonb_agg(jsonb_build_object('currency', currency, 'collected', collected, 'outstanding', outstanding) ORDER BY currency) AS entries
      FROM (
        SELECT lot_id, day, currency, sum(collected) AS collected, sum(outstanding) AS outstanding
        FROM (SELECT lot_id, day, currency, collected, 0 AS outstanding FROM paid
              UNION ALL
              SELECT lot_id, day, currency, 0, outstanding FROM ended) amounts
        GROUP BY lot_id, day, currency
      ) by_currency
      GROUP BY lot_id, day
    ),
    booked AS (
      SELECT b.lot_id, (r.starts_at AT TIME ZONE b.tz)::date AS day,
             count(*) FILTER (WHERE r.status = 'confirmed' AND r.ends_at > ${now}::timestamptz)::int AS confirmed,
             count(*) FILTER (WHERE r.status = 'checked_in')::int AS checked_in,
             count(*) FILTER (WHERE r.status = 'completed')::int AS completed,
             count(*) FILTER (WHERE r.status = 'cancelled')::int AS cancelled,
             count(*) FILTER (WHERE r.status = 'expired' OR (r.status = 'confirmed' AND r.ends_at <= ${now}::timestamptz))::int AS expired
      FROM bounds b JOIN reservations r ON r.lot_id = b.lot_id AND r.starts_at >= b.range_start AND r.starts_at < b.range_end
      GROUP BY 1, 2
    )
    SELECT l.id::text AS "lotId", l.name, l.tz AS timezone, l.currency::text AS currency,
           to_char(d.day, 'YYYY-MM-DD') AS day, d.day_start AS "startsAt", d.day_end AS "endsAt",
           date_part('epoch', d.day_end - d.day_start) AS "daySeconds",
           coalesce(ls.n, 0) * date_part('epoch', d.day_end - d.day_start) + coalesce(rs.seconds, 0) AS "openSeconds",
           coalesce(oc.seconds, 0)::float8 AS "occupiedSeconds",
           coalesce(st.n, 0) AS sessions,
           coalesce(en.n, 0) AS "endedSessions",
           coalesce(en.stay_seconds, 0)::float8 AS "staySeconds",
           coalesce(bk.confirmed, 0) AS confirmed, coalesce(bk.checked_in, 0) AS "checkedIn", coalesce(bk.completed, 0) AS completed,
           coalesce(bk.cancelled, 0) AS cancelled, coalesce(bk.expired, 0) AS expired,
           db.hour AS "busiestHour", db.seconds::float8 AS "busiestSeconds",
           lb.hour AS "lotBusiestHour", lb.seconds::float8 AS "lotBusiestSeconds",
           coalesce(mo.entries, '[]'::jsonb) AS money
    FROM days d
    JOIN lot_set l ON l.id = d.lot_id
    LEFT JOIN live_spots ls ON ls.lot_id = d.lot_id
    LEFT JOIN retired_seconds rs ON rs.lot_id = d.lot_id AND rs.day = d.day
    LEFT JOIN occupied oc ON oc.lot_id = d.lot_id AND oc.day = d.day
    LEFT JOIN started st ON st.lot_id = d.lot_id AND st.day = d.day
    LEFT JOIN ended_days en ON en.lot_id = d.lot_id AND en.day = d.day
    LEFT JOIN booked bk ON bk.lot_id = d.lot_id AND bk.day = d.day
    LEFT JOIN day_busiest db ON db.lot_id = d.lot_id AND db.day = d.day
    LEFT JOIN lot_busiest lb ON lb.lot_id = d.lot_id
    LEFT JOIN money mo ON mo.lot_id = d.lot_id AND mo.day = d.day
    ORDER BY l.name, l.id, d.day`;
}
