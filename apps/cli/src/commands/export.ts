import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream } from "node:stream/web";
import { CliError, exitCodes, ServerRefusal } from "../errors.ts";
import { printJson, printLines } from "../output.ts";
import type { ParkProgram } from "../program.ts";
import { openSession, requireSignIn, type Session } from "../session.ts";

/** GET /exports/history.csv with the stored access token, renewed once through the SDK if it has expired. */
async function downloadHistory(session: Session): Promise<Response> {
  const request = () => fetch(`${session.url}/exports/history.csv`, { headers: { authorization: `Bearer ${session.tokens.get()?.accessToken ?? ""}` } });
  let response = await request();
  if (response.status === 401) {
    // Any call through the client renews the pair (and stores it) or fails as signed out.
    await session.client.auth.me.query();
    response = await request();
  }
  if (!response.ok) throw await refusal(response);
  if (!response.body) throw new CliError("The server sent an empty answer.", exitCodes.failure);
  return response;
}

/** The error the CSV endpoint answered with, in the same terms as a failed procedure. */
async function refusal(response: Response): Promise<ServerRefusal> {
  const body = (await response.json().catch(() => null)) as { error?: { code?: string; appCode?: string; message?: string } } | null;
  const error = typeof body?.error === "object" ? body.error : undefined;
  return new ServerRefusal(error?.message ?? `The server answered ${response.status} ${response.statusText}`, error?.code, error?.appCode);
}

/** The file name the server suggests, if it is a plain one: never a path chosen by the server. */
function suggestedName(response: Response): string {
  const match = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "");
  const name = match?.[1];
  return name && /^[A-Za-z0-9._-]+$/.test(name) && !name.startsWith(".") ? name : "park-history.csv";
}

/** Streams the body into `file` under a temporary name first, so a cut download never leaves half a file under it. */
async function save(body: ReadableStream<Uint8Array>, file: string): Promise<number> {
  const temporary = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString("hex")}.part`);
  try {
    await pipeline(Readable.fromWeb(body), createWriteStream(temporary, { flags: "wx" }));
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return (await stat(file)).size;
}

export function registerExportCommand(program: ParkProgram) {
  program
    .command("export")
    .description("download your reservations and parking sessions as CSV")
    .option("--out <file>", "where to save it (default: the name the server suggests, here); - for stdout")
    .action(async (options, command) => {
      const session = openSession(command.optsWithGlobals());
      requireSignIn(session);
      const response = await downloadHistory(session);
      const body = response.body as ReadableStream<Uint8Array>;
      if (options.out === "-") return pipeline(Readable.fromWeb(body), process.stdout, { end: false });
      const file = resolve(options.out ?? suggestedName(response));
      const bytes = await save(body, file);
      if (session.json) return printJson({ file, bytes });
      printLines(`Saved your history to ${file} (${bytes} bytes).`);
    });
}
