import { Option } from "@commander-js/extra-typings";
import { usageError } from "../errors.ts";
import { findVehicleId } from "../lookups.ts";
import { dateTime, printJson, printLines, printTable } from "../output.ts";
import type { ParkProgram } from "../program.ts";
import { openSession, requireSignIn } from "../session.ts";

export function registerVehicleCommands(program: ParkProgram) {
  program
    .command("vehicles")
    .description("your vehicles; or add or remove one")
    .addOption(new Option("--add <plate>", "add a vehicle with this plate").conflicts("remove"))
    .addOption(new Option("--type <type>", "with --add: what it is (default car)").choices(["car", "motorcycle", "van"] as const))
    .option("--label <label>", "with --add: a name to tell it apart")
    .option("--remove <vehicle>", "remove the vehicle with this plate or id")
    .action(async (options, command) => {
      const session = openSession(command.optsWithGlobals());
      if (!options.add && (options.type || options.label)) throw usageError("--type and --label go with --add.");
      requireSignIn(session);
      const { client } = session;
      if (options.add) {
        const vehicle = await client.vehicles.create.mutate({ plate: options.add, type: options.type, label: options.label });
        if (session.json) return printJson(vehicle);
        return printLines(`Added ${vehicle.plate} (${vehicle.type}${vehicle.label ? `, ${vehicle.label}` : ""}), id ${vehicle.id}.`);
      }
      if (options.remove) {
        const result = await client.vehicles.remove.mutate({ id: await findVehicleId(client, options.remove) });
        if (session.json) return printJson(result);
        return printLines(`Removed ${options.remove}.`);
      }
      const vehicles = await client.vehicles.list.query();
      if (session.json) return printJson(vehicles);
      printTable(
        [{ header: "PLATE" }, { header: "TYPE" }, { header: "LABEL" }, { header: "ADDED" }, { header: "ID" }],
        vehicles.map((vehicle) => [vehicle.plate, vehicle.type, vehicle.label ?? "", dateTime(vehicle.createdAt), vehicle.id]),
        "No vehicles: add one with `park vehicles --add PLATE`.",
      );
    });
}
