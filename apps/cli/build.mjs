// Bundles the CLI with the workspace packages it uses into one file,
// dist/park.js, that runs with plain `node` (the SDK is TypeScript source).
import { chmod, rm } from "node:fs/promises";
import { build } from "esbuild";

await rm("dist", { recursive: true, force: true });
await build({
  entryPoints: { park: "src/park.ts" },
  outdir: "dist",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // Bundled CommonJS packages (commander) load Node's modules with require.
  banner: { js: "#!/usr/bin/env node\nimport { createRequire as __parkRequire } from 'node:module'; const require = __parkRequire(import.meta.url);" },
  logLevel: "warning",
});
await chmod("dist/park.js", 0o755);
console.log("built dist/park.js");
