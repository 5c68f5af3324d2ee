// Records named on the command line the way people know them: a lot by id or
// name, a vehicle by id or plate.
import { errorCode, type RouterOutputs } from "@park/sdk";
import { CliError, exitCodes, usageError } from "./errors.ts";
import { isId, normalPlate } from "./input.ts";
import type { ParkClient } from "./session.ts";

export type Lot = RouterOutputs["lots"]["byId"];
export type Vehicle = RouterOutputs["vehicles"]["list"][number];

/** The lot with this id, or the one lot whose name is (or contains) this text. */
export async function findLot(client: ParkClient, idOrName: string): Promise<Lot> {
  if (isId(idOrName)) return client.lots.byId.query({ id: idOrName });
  const { items } = await client.lots.list.query({ search: idOrName, limit: 100 });
  const wanted = idOrName.trim().toLowerCase();
  const named = items.filter((lot) => lot.name.toLowerCase() === wanted);
  const candidates = named.length > 0 ? named : items.filter((lot) => lot.name.toLowerCase().includes(wanted));
  const [only] = candidates;
  if (!only) throw new CliError(`No lot is named "${idOrName}" (see \`park lots\`).`, exitCodes.notFound);
  if (candidates.length > 1) throw usageError(`Several lots match "${idOrName}": ${candidates.map((lot) => lot.name).join(", ")}. Give its id.`);
  return client.lots.byId.query({ id: only.id });
}

/** The id of the caller's vehicle with this id or plate. */
export async function findVehicleId(client: ParkClient, idOrPlate: string): Promise<string> {
  if (isId(idOrPlate)) return idOrPlate;
  const plate = normalPlate(idOrPlate);
  const vehicle = (await client.vehicles.list.query()).find((candidate) => candidate.plate === plate);
  if (!vehicle) throw new CliError(`You have no vehicle with plate ${plate} (see \`park vehicles\`).`, exitCodes.notFound);
  return vehicle.id;
}

/**
 * The timezone of each of these lots, to show times on their clocks. The calls
 * go out in one batch; a lot deleted since keeps no clock (this computer's is used).
 */
export async function lotTimezones(client: ParkClient, lotIds: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(lotIds)];
  const zones = await Promise.all(
    unique.map((id) =>
      client.lots.byId.query({ id }).then(
        (lot) => lot.timezone,
        (error: unknown) => {
          if (errorCode(error) === "NOT_FOUND") return undefined;
          throw error;
        },
      ),
    ),
  );
  return new Map(unique.flatMap((id, i) => (zones[i] ? [[id, zones[i]] as const] : [])));
}
