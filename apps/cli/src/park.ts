// Entry point of the `park` command: runs it and turns any failure into words
// on stderr and an exit code that says what kind of failure it was.
import { CommanderError } from "@commander-js/extra-typings";
import { describeFailure, exitCodes, type ExitCode } from "./errors.ts";
import { createProgram } from "./program.ts";
import { resolveServerUrl } from "./session.ts";

// `park lots | head -1` closes the pipe early: nothing is wrong.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(exitCodes.ok);
  throw error;
});

async function main(): Promise<ExitCode> {
  const program = createProgram();
  try {
    await program.parseAsync();
    return exitCodes.ok;
  } catch (error) {
    // Commander has printed its own message (or the help, or the version) already.
    if (error instanceof CommanderError) return error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
    let url = "the server";
    try {
      url = resolveServerUrl(program.opts());
    } catch {
      // A bad --url fails with its own message; this one only names the server.
    }
    const { lines, exitCode } = describeFailure(error, url);
    process.stderr.write(`park: ${lines.join("\n")}\n`);
    return exitCode;
  }
}

process.exitCode = await main();
