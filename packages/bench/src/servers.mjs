// Child processes under load: the built Park server and the bare baseline.
// They run apart from the load generator so neither measures the other.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const serverMain = fileURLToPath(new URL("../../../apps/server/dist/main.js", import.meta.url));
const baselineMain = fileURLToPath(new URL("./baseline.mjs", import.meta.url));

export async function freePort() {
  const probe = createServer().listen(0, "127.0.0.1");
  await once(probe, "listening");
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

export async function startPark({ env, nodeArgs = [] }) {
  const port = await freePort();
  const child = spawnNode([...nodeArgs, serverMain], {
    ...env,
    PORT: String(port),
    HOST: "127.0.0.1",
    JWT_SECRET: "bench-secret-bench-secret-bench-secret-0123",
    LOG_LEVEL: "warn",
    NODE_ENV: "production",
    // Every load-generator connection comes from 127.0.0.1.
    LOGIN_FAILURES_PER_ADDRESS: "1000000",
    REGISTRATIONS_PER_ADDRESS: "1000000",
    MAX_SUBSCRIPTIONS_PER_CLIENT: "1000000",
  });
  return ready(child, `http://127.0.0.1:${port}`, "/healthz");
}

export async function startBaseline() {
  const port = await freePort();
  return ready(spawnNode([baselineMain], { PORT: String(port) }), `http://127.0.0.1:${port}`, "/");
}

function spawnNode(args, env) {
  // Only what the child needs: a stray DATABASE_URL from the shell must not leak in.
  const inherited = Object.fromEntries(["PATH", "HOME", "TMPDIR"].filter((k) => process.env[k]).map((k) => [k, process.env[k]]));
  return spawn(process.execPath, args, { cwd: repoRoot, env: { ...inherited, ...env }, stdio: ["ignore", "inherit", "inherit"] });
}

async function ready(child, url, path, timeoutMs = 60_000) {
  let exited = null;
  child.once("exit", (code, signal) => (exited = signal ?? code));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited !== null) throw new Error(`${url}: the process exited (${exited}) before answering ${path}`);
    const ok = await fetch(url + path).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { url, stop: () => stop(child) };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop(child);
  throw new Error(`${url}${path} did not answer within ${timeoutMs / 1000} s`);
}

/** SIGTERM first: the server closes its database, and --cpu-prof writes its profile only on a clean exit. */
async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  await exited;
  clearTimeout(timer);
}
