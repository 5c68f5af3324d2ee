// The package as a program outside this repository gets it: packed by pnpm
// (dist/ and the published exports map, publishConfig applied), unpacked into
// test/consumer/node_modules, then type-checked and imported from there.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { beforeAll, describe, expect, test } from "vitest";

const run = promisify(execFile);
const sdk = join(dirname(fileURLToPath(import.meta.url)), "..");
const consumer = join(sdk, "test", "consumer");
const installed = join(consumer, "node_modules", "@park", "sdk");

/** pnpm as it runs this suite (`pnpm test`), else the version the repository pins. */
function pnpm(args: string[], cwd: string) {
  const execPath = process.env.npm_execpath;
  return execPath && /pnpm/.test(execPath) ? run(process.execPath, [execPath, ...args], { cwd }) : run("npx", ["-y", "pnpm@10.34.9", ...args], { cwd });
}

beforeAll(async () => {
  if (!existsSync(join(sdk, "dist", "index.js")))
    throw new Error("packages/sdk/dist is missing: run `pnpm --filter @park/sdk build` (turbo runs it before these tests)");
  const packed = await mkdtemp(join(tmpdir(), "park-sdk-pack-"));
  try {
    await pnpm(["pack", "--pack-destination", packed], sdk);
    const [tarball] = (await readdir(packed)).filter((name) => name.endsWith(".tgz"));
    if (!tarball) throw new Error("pnpm pack wrote no tarball");
    await rm(installed, { recursive: true, force: true });
    await mkdir(installed, { recursive: true });
    await run("tar", ["-xzf", join(packed, tarball), "-C", installed, "--strip-components=1"]);
  } finally {
    await rm(packed, { recursive: true, force: true });
  }
}, 60_000);

describe("the packed SDK", () => {
  test("holds the built files and an exports map of types and ESM per entry point, without the source", async () => {
    const manifest = JSON.parse(await readFile(join(installed, "package.json"), "utf8")) as { exports: unknown; devDependencies?: unknown };
    expect(manifest.exports).toEqual({
      ".": { types: "./dist/index.d.ts", import: "./dist/index.js" },
      "./react": { types: "./dist/react/index.d.ts", import: "./dist/react/index.js" },
      "./vue": { types: "./dist/vue/index.d.ts", import: "./dist/vue/index.js" },
    });
    expect(existsSync(join(installed, "src"))).toBe(false);
    expect(existsSync(join(installed, "dist", "router.d.ts"))).toBe(true);
  });

  test("type-checks a consumer against its declarations, whose router types are real (each @ts-expect-error is needed)", async () => {
    const tsc = createRequire(join(sdk, "package.json")).resolve("typescript/bin/tsc");
    const checked = await run(process.execPath, [tsc, "-p", join(consumer, "tsconfig.json"), "--listFiles"], { cwd: consumer }).catch(
      (error: { stdout: string }) => error,
    );
    const lines = checked.stdout.split("\n");
    expect(lines.filter((line) => line.includes("error TS"))).toEqual([]);
    // Resolved from the packed package, never from the workspace's source.
    expect(lines.some((file) => file.endsWith("/test/consumer/node_modules/@park/sdk/dist/router.d.ts"))).toBe(true);
    expect(lines.filter((file) => file.includes("/packages/api/") || file.includes("/packages/sdk/src/"))).toEqual([]);
  });

  test("loads in Node from its ESM files alone, every entry point", async () => {
    const script = `
      const core = await import("@park/sdk");
      const react = await import("@park/sdk/react");
      const vue = await import("@park/sdk/vue");
      const client = core.createParkClient({ url: "http://127.0.0.1:1" });
      console.log(JSON.stringify({
        core: typeof core.createLotAvailabilityStore, react: typeof react.ParkProvider, vue: typeof vue.createPark,
        store: typeof core.createLotAvailabilityStore(client, "lot").getSnapshot, path: import.meta.resolve("@park/sdk"),
      }));`;
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], { cwd: consumer });
    const loaded = JSON.parse(stdout) as Record<string, string>;
    expect(loaded).toMatchObject({ core: "function", react: "function", vue: "function", store: "function" });
    expect(loaded.path).toMatch(/\/test\/consumer\/node_modules\/@park\/sdk\/dist\/index\.js$/);
  });
});
