#!/usr/bin/env node
// Browser tests drive Debian's Chromium: Playwright's own browser downloads
// cannot reach their host from our machines. Installs it once; a no-op after.
import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";

const executable = "/usr/bin/chromium";

function installed() {
  try {
    accessSync(executable, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function fail(message) {
  console.error(`ensure-chromium: ${message}`);
  console.error("ensure-chromium: install it by hand with `apt-get update && apt-get install -y chromium` (as root).");
  process.exit(1);
}

function run(command, args) {
  console.log(`ensure-chromium: ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  if (result.error) fail(`cannot run ${command}: ${result.error.message}`);
  if (result.status !== 0) fail(`\`${command} ${args.join(" ")}\` exited with ${result.status ?? result.signal}`);
}

if (installed()) {
  process.exit(0);
}

console.log(`ensure-chromium: ${executable} is missing, installing Debian's chromium package`);
if (process.platform !== "linux") fail(`only Linux with apt is supported (this is ${process.platform})`);
if (typeof process.getuid === "function" && process.getuid() !== 0) fail("installing needs root");

run("apt-get", ["update"]);
run("apt-get", ["install", "-y", "--no-install-recommends", "chromium"]);

if (!installed()) fail(`apt-get finished but ${executable} is still missing`);
console.log(`ensure-chromium: installed ${executable}`);
