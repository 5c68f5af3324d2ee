import { Option } from "@commander-js/extra-typings";
import { usageError } from "../errors.ts";
import { parseInstant, parseLimit, parseNear, parsePositive } from "../input.ts";
import { findLot } from "../lookups.ts";
import { money, printJson, printLines, printNextPage, printTable, timeWindow } from "../output.ts";
import type { ParkProgram } from "../program.ts";
import { openSession } from "../session.ts";

const defaultRadiusKm = 10;

export function registerLotCommands(program: ParkProgram) {
  program
    .command("lots")
    .description("parking lots with their free spots now and their prices")
    .option("--city <city>", "only lots in this city")
    .option("--search <text>", "only lots whose name, address or city contains this")
    .option("--near <lat,lng>", "only lots near this point, nearest first", parseNear)
    .option("--radius <km>", `with --near: how far to look (default ${defaultRadiusKm} km)`, parsePositive)
    .option("--limit <n>", "lots per page (1-100, default 20)", parseLimit)
    .option("--cursor <cursor>", "the page after the one that printed this cursor")
    .action(async (options, command) => {
      const session = openSession(command.optsWithGlobals());
      if (options.radius !== undefined && !options.near) throw usageError("--radius needs --near.");
      const page = await session.client.lots.list.query({
        city: options.city,
        search: options.search,
        near: options.near ? { ...options.near, radiusKm: options.radius ?? defaultRadiusKm } : undefined,
        limit: options.limit,
        cursor: options.cursor,
      });
      if (session.json) return printJson(page);
      const near = options.near !== undefined;
      printTable(
        [
          { header: "LOT" },
          { header: "CITY" },
          { header: "FREE", align: "right" },
          { header: "PER HOUR", align: "right" },
          { header: "PER DAY", align: "right" },
          ...(near ? [{ header: "KM", align: "right" as const }] : []),
          { header: "ID" },
        ],
        page.items.map((lot) => [
          lot.name,
          lot.city,
          `${lot.available}/${lot.capacity}`,
          money(lot.hourlyRateCents, lot.currency),
          lot.dailyMaxCents === null ? "–" : money(lot.dailyMaxCents, lot.currency),
          ...(near ? [lot.distanceKm === undefined ? "" : lot.distanceKm.toFixed(1)] : []),
          lot.id,
        ]),
        "No lots found.",
      );
      printNextPage(page.nextCursor);
    });

  program
    .command("availability")
    .description("spots of a lot free for the whole of a time window")
    .argument("<lot>", "the lot's id or name")
    .requiredOption("--from <time>", "start: YYYY-MM-DDTHH:mm (this computer's time) or ISO 8601", parseInstant)
    .requiredOption("--to <time>", "end, in the same form", parseInstant)
    .addOption(new Option("--type <type>", "only spots that take this vehicle").choices(["car", "motorcycle", "van"] as const))
    .action(async (lotName, options, command) => {
      const session = openSession(command.optsWithGlobals());
      const lot = await findLot(session.client, lotName);
      const result = await session.client.lots.availability.query({ lotId: lot.id, from: options.from, to: options.to, vehicleType: options.type });
      if (session.json) return printJson(result);
      const levels = new Map(lot.levels.map((level) => [level.id, level]));
      const rows = new Map(lot.levels.flatMap((level) => level.rows.map((row) => [row.id, row])));
      printLines(`${result.available} of ${lot.capacity} spots free at ${lot.name}, ${timeWindow(options.from, options.to, lot.timezone)}:`, "");
      printTable(
        [{ header: "LEVEL" }, { header: "ROW" }, { header: "SPOT" }, { header: "KIND" }, { header: "ID" }],
        result.spots.map((spot) => [levels.get(spot.levelId)?.name ?? "", rows.get(spot.rowId)?.name ?? "", spot.label, spot.kind, spot.id]),
        "No spot is free for the whole window.",
      );
    });
}
