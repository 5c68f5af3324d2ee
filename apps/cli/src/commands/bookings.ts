import { Option } from "@commander-js/extra-typings";
import type { RouterOutputs } from "@park/sdk";
import { parseInstant, parseLimit } from "../input.ts";
import { findLot, findVehicleId, lotTimezones } from "../lookups.ts";
import { money, place, printJson, printLines, printNextPage, printTable, timeWindow } from "../output.ts";
import type { ParkProgram } from "../program.ts";
import { openSession, requireSignIn } from "../session.ts";

type Reservation = RouterOutputs["reservations"]["byId"];

const reservationStatuses = ["confirmed", "checked_in", "completed", "cancelled", "expired"] as const;
const spotKinds = ["standard", "compact", "ev", "accessible", "motorcycle"] as const;

/** One line about a reservation, on its lot's clock. */
function describeReservation(reservation: Reservation, timeZone: string | undefined): string {
  return `${reservation.lot.name}, spot ${place(reservation.spot)}, ${reservation.vehicle.plate}, ${timeWindow(reservation.startsAt, reservation.endsAt, timeZone)}, ${money(reservation.amountCents, reservation.currency)}`;
}

export function registerBookingCommands(program: ParkProgram) {
  program
    .command("reserve")
    .description("book a spot for a time window; the best free spot is chosen")
    .requiredOption("--lot <lot>", "the lot's id or name")
    .requiredOption("--vehicle <vehicle>", "your vehicle's plate or id")
    .requiredOption("--from <time>", "start: YYYY-MM-DDTHH:mm (this computer's time) or ISO 8601", parseInstant)
    .requiredOption("--to <time>", "end, in the same form", parseInstant)
    .addOption(new Option("--spot-kind <kind>", "only a spot of this kind").choices(spotKinds))
    .action(async (options, command) => {
      const session = openSession(command.optsWithGlobals());
      requireSignIn(session);
      const [lot, vehicleId] = await Promise.all([findLot(session.client, options.lot), findVehicleId(session.client, options.vehicle)]);
      const reservation = await session.client.reservations.create.mutate({
        lotId: lot.id,
        vehicleId,
        startsAt: options.from,
        endsAt: options.to,
        spotKind: options.spotKind,
      });
      if (session.json) return printJson(reservation);
      printLines(`Reserved: ${describeReservation(reservation, lot.timezone)}.`, `Reservation ${reservation.id}`);
    });

  program
    .command("reservations")
    .description("your reservations, newest first; or cancel one")
    .addOption(new Option("--status <status>", "only reservations in this state").choices(reservationStatuses))
    .addOption(new Option("--cancel <id>", "cancel this reservation (before it starts)").conflicts(["status", "limit", "cursor"]))
    .option("--limit <n>", "reservations per page (1-100, default 20)", parseLimit)
    .option("--cursor <cursor>", "the page after the one that printed this cursor")
    .action(async (options, command) => {
      const session = openSession(command.optsWithGlobals());
      requireSignIn(session);
      const { client } = session;
      if (options.cancel) {
        const cancelled = await client.reservations.cancel.mutate({ id: options.cancel });
        if (session.json) return printJson(cancelled);
        const zones = await lotTimezones(client, [cancelled.lot.id]);
        return printLines(`Cancelled: ${describeReservation(cancelled, zones.get(cancelled.lot.id))}.`);
      }
      const page = await client.reservations.list.query({ status: options.status, limit: options.limit, cursor: options.cursor });
      if (session.json) return printJson(page);
      const zones = await lotTimezones(
        client,
        page.items.map((reservation) => reservation.lot.id),
      );
      printTable(
        [
          { header: "WHEN (LOT TIME)" },
          { header: "LOT" },
          { header: "SPOT" },
          { header: "VEHICLE" },
          { header: "STATUS" },
          { header: "AMOUNT", align: "right" },
          { header: "ID" },
        ],
        page.items.map((reservation) => [
          timeWindow(reservation.startsAt, reservation.endsAt, zones.get(reservation.lot.id)),
          reservation.lot.name,
          place(reservation.spot),
          reservation.vehicle.plate,
          reservation.status,
          money(reservation.amountCents, reservation.currency),
          reservation.id,
        ]),
        "No reservations.",
      );
      printNextPage(page.nextCursor);
    });

  program
    .command("sessions")
    .description("your parking sessions (tickets), newest first")
    .option("--active", "only cars still parked")
    .option("--limit <n>", "sessions per page (1-100, default 20)", parseLimit)
    .option("--cursor <cursor>", "the page after the one that printed this cursor")
    .action(async (options, command) => {
      const session = openSession(command.optsWithGlobals());
      requireSignIn(session);
      const page = await session.client.sessions.list.query({ active: options.active, limit: options.limit, cursor: options.cursor });
      if (session.json) return printJson(page);
      const zones = await lotTimezones(
        session.client,
        page.items.map((parked) => parked.lot.id),
      );
      printTable(
        [
          { header: "WHEN (LOT TIME)" },
          { header: "LOT" },
          { header: "SPOT" },
          { header: "PLATE" },
          { header: "STATUS" },
          { header: "AMOUNT", align: "right" },
          { header: "PAYMENT" },
          { header: "ID" },
        ],
        page.items.map((parked) => [
          timeWindow(parked.startedAt, parked.endedAt, zones.get(parked.lot.id)),
          parked.lot.name,
          place(parked.spot),
          parked.plate,
          parked.status,
          parked.amountCents === null ? "–" : money(parked.amountCents, parked.currency),
          parked.paymentStatus,
          parked.id,
        ]),
        "No parking sessions.",
      );
      printNextPage(page.nextCursor);
    });
}
