// The raw-SQL ceiling of reservations.create: the same statements the server
// sends for a booking (read the caller's account, read the lot's tariff and
// the vehicle, then pick, book and enqueue in one statement), sent straight
// to the database by `connections` clients, with no HTTP, tRPC or ORM in
// between. The server's bookings/s over this figure says how much of the
// database's capacity the server turns into bookings.
import { bookingPartiesSql, bookSpotSql, kindsFor } from "@park/api";

const hour = 3_600_000;
const userSql = `SELECT id, username, email, role, phone, created_at, disabled FROM users WHERE id = $1 LIMIT 1`;

/**
 * @param db an open @park/db Database (its pool decides how many statements run at once)
 * @param users bookers with `id` and `vehicleId`; each books one-hour slots that never overlap its own
 * @param firstSlot when the first slot starts; later than any the HTTP target uses
 */
export async function bookingCeiling({ db, users, lots, connections, durationSeconds, firstSlot }) {
  const deadline = performance.now() + durationSeconds * 1000;
  let next = 0;
  let booked = 0;
  let failed = 0;
  const latencies = [];
  const kinds = kindsFor("car");
  const worker = async () => {
    while (performance.now() < deadline) {
      const n = next++;
      const who = users[n % users.length];
      const startsAt = new Date(firstSlot + Math.floor(n / users.length) * hour);
      const lotId = lots[n % lots.length].id;
      const started = performance.now();
      try {
        await db.sql.prepared(userSql, [who.id]);
        const partiesSql = bookingPartiesSql(who.id, lotId, who.vehicleId);
        const [parties] = await db.sql.prepared(partiesSql.text, partiesSql.values);
        const book = bookSpotSql({
          userId: who.id,
          lotId,
          vehicleId: who.vehicleId,
          startsAt,
          endsAt: new Date(startsAt.getTime() + hour),
          kinds,
          amountCents: parties.hourlyRateCents,
          currency: parties.currency,
          now: new Date(),
        });
        const [row] = await db.sql.prepared(book.text, book.values);
        if (row?.reservationId) booked++;
        else failed++;
      } catch {
        failed++;
      }
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  latencies.sort((a, b) => a - b);
  const at = (q) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  return { rps: Math.round(booked / durationSeconds), p50: at(0.5), p99: at(0.99), booked, failed };
}
