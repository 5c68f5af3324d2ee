// The report in one statement: every figure of every lot and local day is
// aggregated by the database, so the rows that reach the service are one per
// lot and day however many sessions there were, all read from one snapshot.
import { Prisma } from "@park/db";

/**
 * For the report's transaction only. The statement is large enough for
 * PostgreSQL to compile it to machine code first, which costs seconds and
 * saves nothing on a few hundred thousand rows; and its intermediate sets
 * fit in memory at 64 MB where the default spills them to disk.
 */
export const reportSettingsSql = Prisma.sql`SELECT set_config('jit', 'off', true), set_config('work_mem', '64MB', true)`;

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
  /** The lot's occupancy by local weekday and hour over the whole range; on the lot's first day only. */
  weekHours: { weekday: number; hour: number; occupied: number; open: number }[] | null;
  money: { currency: string; collected: number; outstanding: number }[];
}

/**
 * One row per lot and local calendar day from `from` to `to`, ordered by lot
 * name and day; `among` narrows every lot to those ids. A local day runs from its midnight to the next, both read in
 * the lot's timezone, so it lasts 23, 24 or 25 hours; every figure is
 * attributed to the local day of the instant it counts (a payment at 23:30 in
 * New York is that day's even though it is the next day in UTC).
 *
 * Hours of a day are the real hours from its midnight (slot k covers
 * midnight + k h to midnight + (k+1) h, the last one cut at the next
 * midnight), each named by the local hour it starts at: on a 25-hour day two
 * slots are named 1, on a 23-hour day none is. A day's busiest hour is its
 * slot with the most occupied spot-seconds, the earliest on a tie; over a
 * range, each local hour's slots are summed first.
 *
 * Occupancy never expands a stay into its hours: each stay adds its partial
 * first and last slots, and opens and closes a run of whole slots between
 * them; a running sum over the lot's slots in order turns those into the
 * number of cars parked for the whole of each slot.
 */
export function reportSummarySql(input: { from: string; to: string; lotId: string | null; now: Date; among?: readonly string[] }): Prisma.Sql {
  const { from, to, lotId, now } = input;
  const among = input.among ? [...input.among] : null;
  // Every local day of the range lies within these instants (no zone is more than 14 hours from UTC); a
  // constant bound lets the planner size the payments it reads before the exact, per-lot bounds apply.
  const day = 86_400_000;
  const outerStart = new Date(Date.parse(`${from}T00:00:00Z`) - day);
  const outerEnd = new Date(Date.parse(`${to}T00:00:00Z`) + 2 * day);
  // grouping(first_day, last_day, ended_day) of each grouping set of stay_groups: a bit per column left out.
  const [byFirstSlot, byLastSlot, byEndDay] = [Prisma.raw("3"), Prisma.raw("5"), Prisma.raw("6")];
  return Prisma.sql`
    WITH lot_set AS (
      SELECT l.id, l.name, l.timezone AS tz, l.currency
      FROM lots l
      WHERE (${lotId}::uuid IS NULL AND ${reportedLotSql(from)} AND (${among}::uuid[] IS NULL OR l.id = ANY(${among}::uuid[])))
         OR l.id = ${lotId}::uuid
    ),
    local_days AS (
      SELECT l.id AS lot_id, l.tz, d.day,
             d.day::timestamp AT TIME ZONE l.tz AS day_start,
             (d.day + 1)::timestamp AT TIME ZONE l.tz AS day_end
      FROM lot_set l
      CROSS JOIN LATERAL (SELECT ${from}::date + i AS day FROM generate_series(0, ${to}::date - ${from}::date) AS i) d
    ),
    days AS (
      SELECT *, ceil(date_part('epoch', day_end - day_start) / 3600)::int AS slots FROM local_days
    ),
    bounds AS (
      SELECT id AS lot_id, tz, ${from}::date::timestamp AT TIME ZONE tz AS range_start, (${to}::date + 1)::timestamp AT TIME ZONE tz AS range_end
      FROM lot_set
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
    -- The spot-seconds each local day offered, and its length (23, 24 or 25 hours).
    open_days AS (
      SELECT d.lot_id, d.day, date_part('epoch', d.day_end - d.day_start) AS day_seconds,
             coalesce(ls.n, 0) * date_part('epoch', d.day_end - d.day_start) + coalesce(rs.seconds, 0) AS open_seconds
      FROM days d
      LEFT JOIN live_spots ls ON ls.lot_id = d.lot_id
      LEFT JOIN retired_seconds rs ON rs.lot_id = d.lot_id AND rs.day = d.day
    ),
    -- Every stay that overlaps the range, as epoch seconds: a and b bound its part inside the range and before
    -- now. Epoch seconds are far cheaper than timestamps to compute with per row.
    stays AS (
      SELECT lot_id, tz, a, b, started_at >= range_start AS started_in_range,
             ended_at >= range_start AND ended_at < range_end AS ended_in_range,
             date_part('epoch', ended_at - started_at) AS stay_seconds, currency,
             CASE WHEN payment_status = 'unpaid' THEN amount_cents ELSE 0 END AS unpaid,
             (stay_from AT TIME ZONE tz)::date AS first_day,
             ((stay_to - interval '1 microsecond') AT TIME ZONE tz)::date AS last_day
      FROM (
        SELECT b.lot_id, b.tz, b.range_start, b.range_end, s.started_at, s.ended_at, s.amount_cents, s.currency, s.payment_status,
               greatest(s.started_at, b.range_start) AS stay_from, least(coalesce(s.ended_at, ${now}::timestamptz), b.range_end) AS stay_to,
               date_part('epoch', greatest(s.started_at, b.range_start)) AS a,
               date_part('epoch', least(coalesce(s.ended_at, ${now}::timestamptz), b.range_end)) AS b
        FROM bounds b
        JOIN sessions s ON s.lot_id = b.lot_id
         -- Written exactly as sessions_lot_id_stay_idx is, so that the index serves it.
         AND tstzrange(s.started_at, CASE WHEN s.ended_at < s.started_at THEN s.started_at ELSE s.ended_at END, '[]')
             && tstzrange(b.range_start, b.range_end, '[)')
        -- OFFSET 0 keeps each subquery a step of its own, so that its columns are computed once per row
        -- rather than inlined into every expression that uses them.
        OFFSET 0
      ) cut
      OFFSET 0
    ),
    -- The local day and hour slot of each stay's first instant and of its last (a microsecond before it ends),
    -- and the day it ended on. Looking a zone up is the costly step, so it is done only where the answer is not
    -- already known: most stays end on the day they start, and few end within an hour of midnight.
    stay_days AS (
      SELECT *, CASE WHEN last_day = first_day THEN first_day_start ELSE date_part('epoch', last_day::timestamp AT TIME ZONE tz) END AS last_day_start
      FROM (SELECT *, date_part('epoch', first_day::timestamp AT TIME ZONE tz) AS first_day_start FROM stays OFFSET 0) firsts
      OFFSET 0
    ),
    stay_slots AS (
      SELECT *, b > a AND (last_day, last_slot) > (first_day, first_slot) AS spans,
             -- A slot is cut short only where a day is not a whole number of hours, in its last slot.
             CASE WHEN first_slot < 20 THEN first_slot_start + 3600
                  ELSE least(first_slot_start + 3600, date_part('epoch', (first_day + 1)::timestamp AT TIME ZONE tz)) END AS first_slot_end,
             CASE WHEN NOT ended_in_range THEN NULL
                  WHEN b - last_day_start < 82800 THEN last_day
                  WHEN b >= date_part('epoch', (last_day + 1)::timestamp AT TIME ZONE tz) THEN last_day + 1
                  ELSE last_day END AS ended_day
      FROM (
        SELECT *, first_day_start + 3600 * first_slot AS first_slot_start, last_day_start + 3600 * last_slot AS last_slot_start
        FROM (
          SELECT *, floor((a - first_day_start) / 3600) AS first_slot, floor((b - 0.000001 - last_day_start) / 3600) AS last_slot
          FROM stay_days
          OFFSET 0
        ) numbered
        OFFSET 0
      ) placed
    ),
    -- One pass over the stays, three groupings told apart by their grouping() mask: by the slot each stay starts
    -- in (its seconds there, the run of whole slots it opens, whether it started in the range), by the slot it
    -- ends in (its seconds there, the run it closes), and by the day and currency it ended in.
    stay_groups AS (
      SELECT lot_id, grouping(first_day, last_day, ended_day) AS grouped_by,
             coalesce(first_day, last_day, ended_day) AS day, coalesce(first_slot, last_slot) AS slot, currency,
             CASE WHEN grouping(first_day) = 0 THEN coalesce(sum(least(b, first_slot_end) - a) FILTER (WHERE b > a), 0)
                  ELSE coalesce(sum(b - last_slot_start) FILTER (WHERE spans), 0) END AS seconds,
             count(*) FILTER (WHERE spans)::int AS runs,
             count(*) FILTER (WHERE started_in_range)::int AS started,
             count(*)::int AS n, sum(stay_seconds) AS stay_seconds, sum(unpaid) AS outstanding
      FROM stay_slots
      GROUP BY GROUPING SETS ((lot_id, first_day, first_slot), (lot_id, last_day, last_slot), (lot_id, ended_day, currency))
    ),
    slot_changes AS (
      SELECT lot_id, day, slot, sum(seconds) AS seconds,
             coalesce(sum(runs) FILTER (WHERE grouped_by = ${byFirstSlot}), 0)::int AS opens,
             coalesce(sum(runs) FILTER (WHERE grouped_by = ${byLastSlot}), 0)::int AS closes
      FROM stay_groups
      WHERE grouped_by IN (${byFirstSlot}, ${byLastSlot})
      GROUP BY lot_id, day, slot
    ),
    slots AS (
      SELECT d.lot_id, d.day, k AS slot,
             extract(hour FROM (d.day_start + k * interval '1 hour') AT TIME ZONE d.tz)::int AS hour,
             date_part('epoch', least(d.day_start + (k + 1) * interval '1 hour', d.day_end) - (d.day_start + k * interval '1 hour')) AS length,
             coalesce(ch.seconds, 0) AS partial,
             -- Cars that opened a run of whole slots before this one and have not closed it by this one.
             coalesce(sum(ch.opens) OVER runs, 0) - coalesce(ch.opens, 0) - coalesce(sum(ch.closes) OVER runs, 0) AS whole
      FROM days d
      CROSS JOIN LATERAL generate_series(0, d.slots - 1) AS k
      LEFT JOIN slot_changes ch ON ch.lot_id = d.lot_id AND ch.day = d.day AND ch.slot = k
      WINDOW runs AS (PARTITION BY d.lot_id ORDER BY d.day, k)
    ),
    named_slots AS (
      SELECT lot_id, day, slot, hour, length, partial + whole * length AS seconds FROM slots
    ),
    occupied AS (
      SELECT lot_id, day, sum(seconds) AS seconds FROM named_slots GROUP BY lot_id, day
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
    -- Open spot-seconds of a slot take the day's average of open spots, which is exact unless a spot was retired that day.
    week_hours AS (
      SELECT ns.lot_id,
             jsonb_agg(jsonb_build_object('weekday', weekday, 'hour', hour, 'occupied', occupied, 'open', open) ORDER BY weekday, hour) AS cells
      FROM (
        SELECT s.lot_id, extract(isodow FROM s.day)::int AS weekday, s.hour,
               sum(s.seconds) AS occupied,
               sum(od.open_seconds / od.day_seconds * s.length) AS open
        FROM named_slots s
        JOIN open_days od ON od.lot_id = s.lot_id AND od.day = s.day
        GROUP BY 1, 2, 3
      ) ns
      GROUP BY ns.lot_id
    ),
    started AS (
      SELECT lot_id, day, sum(started)::int AS n FROM stay_groups WHERE grouped_by = ${byFirstSlot} GROUP BY 1, 2
    ),
    ended AS (
      SELECT lot_id, day, currency, n, stay_seconds, outstanding FROM stay_groups WHERE grouped_by = ${byEndDay} AND day IS NOT NULL
    ),
    ended_days AS (
      SELECT lot_id, day, sum(n)::int AS n, sum(stay_seconds) AS stay_seconds FROM ended GROUP BY lot_id, day
    ),
    -- Payments in the range, each with its session's lot.
    payments_in_range AS (${paymentsInRange(lotId, outerStart, outerEnd)}),
    -- Days outside the range fall away when the figures are joined to the days.
    paid AS (
      SELECT b.lot_id, (p.created_at AT TIME ZONE b.tz)::date AS day, p.currency, sum(p.amount_cents) AS collected
      FROM payments_in_range p JOIN bounds b ON b.lot_id = p.lot_id
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
           od.day_seconds AS "daySeconds", od.open_seconds AS "openSeconds",
           coalesce(oc.seconds, 0)::float8 AS "occupiedSeconds",
           coalesce(st.n, 0) AS sessions,
           coalesce(en.n, 0) AS "endedSessions",
           coalesce(en.stay_seconds, 0)::float8 AS "staySeconds",
           coalesce(bk.confirmed, 0) AS confirmed, coalesce(bk.checked_in, 0) AS "checkedIn", coalesce(bk.completed, 0) AS completed,
           coalesce(bk.cancelled, 0) AS cancelled, coalesce(bk.expired, 0) AS expired,
           db.hour AS "busiestHour", db.seconds::float8 AS "busiestSeconds",
           lb.hour AS "lotBusiestHour", lb.seconds::float8 AS "lotBusiestSeconds",
           CASE WHEN d.day = ${from}::date THEN wh.cells END AS "weekHours",
           coalesce(mo.entries, '[]'::jsonb) AS money
    FROM days d
    JOIN lot_set l ON l.id = d.lot_id
    JOIN open_days od ON od.lot_id = d.lot_id AND od.day = d.day
    LEFT JOIN occupied oc ON oc.lot_id = d.lot_id AND oc.day = d.day
    LEFT JOIN started st ON st.lot_id = d.lot_id AND st.day = d.day
    LEFT JOIN ended_days en ON en.lot_id = d.lot_id AND en.day = d.day
    LEFT JOIN booked bk ON bk.lot_id = d.lot_id AND bk.day = d.day
    LEFT JOIN day_busiest db ON db.lot_id = d.lot_id AND db.day = d.day
    LEFT JOIN lot_busiest lb ON lb.lot_id = d.lot_id
    LEFT JOIN week_hours wh ON wh.lot_id = d.lot_id
    LEFT JOIN money mo ON mo.lot_id = d.lot_id AND mo.day = d.day
    ORDER BY l.name, l.id, d.day`;
}

/** A lot that a report of every lot covers: one not deleted before the range starts. */
function reportedLotSql(from: string): Prisma.Sql {
  return Prisma.sql`(l.deleted_at IS NULL OR l.deleted_at > (${from}::date::timestamp AT TIME ZONE l.timezone))`;
}

/** The lots a report of every lot covers, in the report's order. */
export function reportedLotsSql(from: string): Prisma.Sql {
  return Prisma.sql`SELECT l.id::text AS id FROM lots l WHERE ${reportedLotSql(from)} ORDER BY l.name, l.id`;
}

/** Payments of the range (within a day either side of it), each with its lot. */
function paymentsInRange(lotId: string | null, outerStart: Date, outerEnd: Date): Prisma.Sql {
  return Prisma.sql`
      SELECT p.lot_id, p.created_at, p.currency, p.amount_cents
      FROM payments p
      WHERE p.created_at >= ${outerStart}::timestamptz AND p.created_at < ${outerEnd}::timestamptz
        ${lotId === null ? Prisma.empty : Prisma.sql`AND p.lot_id = ${lotId}::uuid`}`;
}
