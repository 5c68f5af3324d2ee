// The `park` command: global options, help, and every subcommand.
import { Command } from "@commander-js/extra-typings";
import { registerAccountCommands } from "./commands/account.ts";
import { registerAdminCommands } from "./commands/admin.ts";
import { registerBookingCommands } from "./commands/bookings.ts";
import { registerExportCommand } from "./commands/export.ts";
import { registerLotCommands } from "./commands/lots.ts";
import { registerVehicleCommands } from "./commands/vehicles.ts";
import { exitCodesHelp } from "./errors.ts";
import { defaultUrl } from "./session.ts";

const environmentHelp = `Environment:
  PARK_URL         the server (default ${defaultUrl}, or the one you signed in to)
  PARK_PASSWORD    the password for \`park login\` in scripts
  PARK_CONFIG_DIR  where credentials.json is kept (default $XDG_CONFIG_HOME/park, else ~/.config/park)`;

/** `park` with its global options, before the subcommands are added. */
function rootCommand() {
  return (
    new Command()
      .name("park")
      .description("Find parking, book a spot and manage your bookings on a Park server.")
      .option("--url <url>", "the Park server (default: PARK_URL, else the server you signed in to)")
      .option("--json", "print the server's answer as JSON (dates in ISO 8601) instead of tables")
      .showHelpAfterError("(add --help for usage)")
      // Usage errors are thrown rather than exiting with commander's code 1, so that they end with 2.
      .exitOverride()
      .addHelpText("after", `\n${environmentHelp}\n\n${exitCodesHelp}`)
  );
}

export type ParkProgram = ReturnType<typeof rootCommand>;

export function createProgram(): ParkProgram {
  const program = rootCommand();
  registerAccountCommands(program);
  registerLotCommands(program);
  registerBookingCommands(program);
  registerVehicleCommands(program);
  registerExportCommand(program);
  registerAdminCommands(program);
  return program;
}
