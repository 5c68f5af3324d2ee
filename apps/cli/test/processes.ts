// The built server and the built `park` command as child processes, as people
// run them: the CLI is tested from the outside, through its arguments,
// environment, output, files and exit code.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { copyPgliteTemplate } from "@park/db/testing";

const repoRoot = resolve(fileURLToPath(new URL("../../..", import.meta.url)));
const serverEntry = join(repoRoot, "apps/server/dist/main.js");
const parkEntry = join(repoRoot, "apps/cli/dist/park.js");

export interface SeededServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * `node apps/server/dist/main.js --seed` on a new embedded database (a copy of a migrated, empty one), on a
 * port of the system's choosing, read from the line it logs once it listens.
 */
export async function startSeededServer(): Promise<SeededServer> {
  const dataDir = await mkdtemp(join(tmpdir(), "park-cli-server-"));
  await copyPgliteTemplate(join(dataDir, "db"));
  // Only what the server needs: a DATABASE_URL from the caller's environment would point it elsewhere.
  const env = { PATH: process.env.PATH ?? "", HOST: "127.0.0.1", PORT: "0", DATA_DIR: dataDir, LOG_LEVEL: "info", RUN_JOBS: "false" };
  const child = spawn(process.execPath, [serverEntry, "--seed"], { cwd: repoRoot, env, stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  let output = "";
  const url = await new Promise<string>((done, fail) => {
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
      for (const line of output.split("\n").filter((text) => text.startsWith("{") && text.endsWith("}"))) {
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === "park is listening" && entry.url) done(entry.url);
      }
    });
    child.once("exit", (code) => fail(new Error(`the server exited with ${code} before listening:\n${output}`)));
  });
  return {
    url,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        await exited;
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ParkRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `park args…` with only the environment given (no terminal on stdin) and collects what it printed. */
export function runPark(args: string[], env: Record<string, string>): Promise<ParkRun> {
  const child = spawn(process.execPath, [parkEntry, ...args], { env: { PATH: process.env.PATH ?? "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  return new Promise((done, fail) => {
    child.once("error", fail);
    child.once("close", (code) => done({ code, stdout, stderr }));
  });
}
