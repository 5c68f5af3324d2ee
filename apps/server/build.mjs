// Bundles the server (dist/main.js) and the job worker (dist/worker.js) with the
// workspace packages they use, so that each starts with plain `node`. Packages that load native code or WASM files from
// their own folder stay external and are dependencies of this package.
import { cp, rm } from "node:fs/promises";
import { build } from "esbuild";

const pkg = JSON.parse(await import("node:fs").then((fs) => fs.readFileSync(new URL("package.json", import.meta.url), "utf8")));

await rm("dist", { recursive: true, force: true });
await build({
  entryPoints: { main: "src/main.ts", worker: "src/worker.ts" },
  outdir: "dist",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  external: Object.keys(pkg.dependencies ?? {}),
  banner: { js: "import { createRequire as __parkRequire } from 'node:module'; const require = __parkRequire(import.meta.url);" },
  logLevel: "warning",
});
await cp("../../packages/db/prisma/migrations", "dist/migrations", { recursive: true });
console.log("built dist/main.js and dist/worker.js");
