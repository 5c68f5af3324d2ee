// Prints the SQL that takes a database from the committed migrations (or from
// nothing, with --from-empty) to prisma/schema.prisma, using Prisma's schema
// engine compiled to WASM on an in-memory PGlite. Used to write a new
// migration and, in tests, to prove the migrations match the schema.
import { readFile, readdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { citext } from "@electric-sql/pglite/contrib/citext";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { createRequire } from "node:module";
import * as glue from "@prisma/schema-engine-wasm/schema_engine_bg";

const root = new URL("../prisma/", import.meta.url);

export async function schemaDiff({ fromEmpty = false } = {}) {
  const schemaPath = fileURLToPath(new URL("schema.prisma", root));
  const schema = { path: schemaPath, content: await readFile(schemaPath, "utf8") };
  const pglite = new PGlite({ extensions: { btree_gist, citext } });
  const factory = new PrismaPGlite(pglite);
  // The shadow database replays the migrations, which create extensions.
  factory.connectToShadowDb = () => new PrismaPGlite(new PGlite({ extensions: { btree_gist, citext } })).connect();
  const adapter = bindMigrationAwareSqlAdapterFactory(factory);
  const engine = await (await loadEngine()).new({ datamodels: [[schema.path, schema.content]] }, () => {}, adapter);
  const from = fromEmpty ? { tag: "empty" } : { tag: "migrations", ...(await migrationList()) };
  const result = await engine.diff({
    from,
    to: { tag: "schemaDatamodel", files: [schema] },
    script: true,
    exitCode: null,
    filters: { externalTables: [], externalEnums: [] },
  });
  await pglite.close();
  return result.stdout ?? "";
}

// The WASM engine can be instantiated once per process.
let engineClass;
const loadEngine = () => (engineClass ??= instantiateEngine());

async function instantiateEngine() {
  const gluePath = createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const wasmPath = gluePath.replace(/\.js$/, ".wasm");
  const module = new WebAssembly.Module(await readFile(wasmPath));
  const instance = new WebAssembly.Instance(module, { "./schema_engine_bg.js": glue });
  glue.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return glue.SchemaEngine;
}

async function migrationList() {
  const baseDir = fileURLToPath(new URL("migrations", root));
  const names = (await readdir(baseDir, { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const migrationDirectories = await Promise.all(
    names.map(async (name) => {
      const path = `${baseDir}/${name}/migration.sql`;
      return { path: name, migrationFile: { path: "migration.sql", content: { tag: "ok", value: await readFile(path, "utf8") } } };
    }),
  );
  const lockPath = `${baseDir}/migration_lock.toml`;
  return {
    baseDir,
    lockfile: { path: "migration_lock.toml", content: await readFile(lockPath, "utf8").catch(() => null) },
    migrationDirectories,
    shadowDbInitScript: "",
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sql = await schemaDiff({ fromEmpty: process.argv.includes("--from-empty") });
  process.stdout.write(sql);
}
