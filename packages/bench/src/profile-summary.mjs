// node src/profile-summary.mjs <file.cpuprofile | folder> [top]
//
// Where a `node --cpu-prof` profile spent its own (self) time: per function,
// and per package so that "Prisma" or "zod" shows up as one line. Frames in
// a bundle with a source map are credited to their original file.
import { existsSync } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { SourceMap } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const [input, topArg = "25"] = process.argv.slice(2);
if (!input) {
  console.error("usage: profile-summary <file.cpuprofile | folder> [top]");
  process.exit(2);
}
const files = (await stat(input)).isDirectory() ? (await readdir(input)).filter((f) => f.endsWith(".cpuprofile")).map((f) => join(input, f)) : [input];

const maps = new Map();
const byFunction = new Map();
const byPackage = new Map();
let total = 0;
for (const file of files) {
  const profile = JSON.parse(await readFile(file, "utf8"));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  for (const frame of nodes.values()) Object.assign(frame, await original(frame));
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    const frame = nodes.get(id);
    const where = frame.url ? `${shorten(frame.url)}:${frame.lineNumber + 1}` : "";
    add(byFunction, `${frame.functionName || "(anonymous)"} ${where}`.trim(), us);
    add(byPackage, packageOf(frame), us);
    total += us;
  });
}

async function original(frame) {
  if (!frame.url.startsWith("file://")) return {};
  if (!maps.has(frame.url)) {
    const mapFile = `${fileURLToPath(frame.url)}.map`;
    maps.set(frame.url, existsSync(mapFile) ? new SourceMap(JSON.parse(await readFile(mapFile, "utf8"))) : null);
  }
  const entry = maps.get(frame.url)?.findEntry(frame.lineNumber, frame.columnNumber);
  if (!entry?.originalSource) return {};
  return { url: new URL(entry.originalSource, frame.url).href, lineNumber: entry.originalLine };
}

function add(map, key, us) {
  map.set(key, (map.get(key) ?? 0) + us);
}

function shorten(url) {
  const path = url.replace(/^file:\/\//, "");
  const pnpm = path.lastIndexOf("/node_modules/");
  return pnpm === -1 ? path.replace(/^.*\/(apps|packages)\//, "$1/") : path.slice(pnpm + "/node_modules/".length);
}

function packageOf(frame) {
  if (!frame.url) return frame.functionName.startsWith("(") ? frame.functionName : "(native)";
  if (frame.url.startsWith("node:")) return "node core";
  const m = frame.url.match(/\/node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*\/node_modules\/)/);
  if (m) return m[1];
  return shorten(frame.url).replace(/^((?:apps|packages)\/[^/]+).*/, "$1");
}

// Shares are of busy time: idle samples only say how long the load lasted.
const busy = total - (byPackage.get("(idle)") ?? 0);
const top = Number(topArg);
const print = (title, map, n) => {
  console.log(`\n${title}`);
  const rows = [...map].filter(([key]) => key !== "(idle)").sort((a, b) => b[1] - a[1]);
  for (const [key, us] of rows.slice(0, n)) {
    console.log(`${((us / busy) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${key}`);
  }
};
console.log(`${files.length} profile(s): ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy; shares are of busy time`);
print("self time by package", byPackage, 15);
print("self time by function", byFunction, top);
