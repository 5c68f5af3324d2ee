// Bundles the server (dist/main.js) and the job worker (dist/worker.js) with the
// workspace packages they use, so that each starts with plain `node`. Packages that load native code or WASM files from
// their own folder stay external and are dependencies of this package.
import { readFileSync } from "node:fs";
import { cp, mkdir, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { build } from "esbuild";

const readJson = (file) => JSON.parse(readFileSync(new URL(file, import.meta.url), "utf8"));
const pkg = readJson("package.json");

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
// The API reference's script, stylesheet and icon go beside the bundle (src/docs.ts reads them there), so the
// package they come from is needed to build the server, not to run it.
const docs = readJson("src/docs-assets.json");
const resolve = createRequire(import.meta.url).resolve;
await mkdir("dist/docs");
for (const { file } of Object.values(docs.files)) await cp(resolve(`${docs.package}/${file}`), `dist/docs/${file}`);
console.log("built dist/main.js and dist/worker.js");
