// Builds what a program outside this repository installs: one ESM file per
// entry point (".", "./react", "./vue") with shared chunks, and their .d.ts.
// The API's router types are written out in full (dist/router.d.ts), so that
// neither the JavaScript nor the types need @park/api, which is not published.
import { existsSync, readFileSync } from "node:fs";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import ts from "typescript";

const root = dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const dist = join(root, "dist");
const routerFile = join(dirname(createRequire(join(root, "package.json")).resolve("@park/api")), "root.ts");

await rm(dist, { recursive: true, force: true });

// npm packages stay imports (each listed in package.json); the API's wire transformer is compiled in.
await build({
  absWorkingDir: root,
  entryPoints: { index: "src/index.ts", "react/index": "src/react/index.tsx", "vue/index": "src/vue/index.ts" },
  outdir: "dist",
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  jsx: "automatic",
  sourcemap: true,
  external: [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {}), "react/jsx-runtime"],
  logLevel: "warning",
});

// One program holds the SDK and the API's router, so the API is type-checked once for both.
const program = declarationProgram();
emitDeclarations(program);
await writeFile(join(dist, "router.d.ts"), routerDeclarations(program));
await finishDeclarations(dist);
console.log("built dist/ (index, react, vue) with declarations");

function declarationProgram() {
  const config = ts.getParsedCommandLineOfConfigFile(join(root, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: fail });
  const sources = config.fileNames.filter((file) => file.startsWith(join(root, "src") + sep));
  return ts.createProgram([...sources, routerFile], {
    ...config.options,
    noEmit: false,
    declaration: true,
    emitDeclarationOnly: true,
    rootDir: dirname(dirname(root)),
    outDir: dist,
  });
}

/** The SDK's own .d.ts, each where its source sits under src/. */
function emitDeclarations(program) {
  const sources = join(root, "src") + sep;
  for (const file of program.getRootFileNames().filter((name) => name.startsWith(sources))) {
    const writeFile = (name, text) => ts.sys.writeFile(join(dist, relative(join(dist, "packages", "sdk", "src"), name)), text);
    // Type errors are the typecheck task's; here only what stops a declaration from being written.
    const result = program.emit(program.getSourceFile(file), writeFile, undefined, true);
    if (result.diagnostics.length) fail(result.diagnostics);
  }
}

/**
 * `AppRouter` as TypeScript itself declares it from the API's source, with
 * what only the server sees taken out: the per-call context (the database,
 * caches, the signed-in user) becomes `object`, which a client never reads.
 * Other named types of the API that outputs use are copied in; one that
 * names yet more of the API's own types stops the build rather than leave a
 * type a consumer cannot resolve.
 */
function routerDeclarations(program) {
  const rootFile = routerFile;
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(rootFile);
  let emitted = "";
  const result = program.emit(source, (name, text) => (emitted = name.endsWith(".d.ts") ? text : emitted), undefined, true);
  if (result.diagnostics.length || !emitted) fail(result.diagnostics);

  const declarations = ts.createSourceFile("root.d.ts", emitted, ts.ScriptTarget.Latest, true);
  const kept = declarations.statements.filter((statement) => {
    if (ts.isTypeAliasDeclaration(statement)) return statement.name.text === "AppRouter";
    return ts.isVariableStatement(statement) && statement.declarationList.declarations.some((d) => d.name.getText() === "appRouter");
  });
  if (kept.length !== 2) throw new Error("the API's root.ts no longer declares appRouter and AppRouter as the SDK expects");
  let text = kept.map((statement) => statement.getText()).join("\n");

  const copied = new Map();
  text = text.replace(/import\("(\.[^"]+)"\)\.(\w+)/g, (_match, path, name) => {
    if (name === "Context" && path === "./context.ts") return "object";
    if (!copied.has(name)) copied.set(name, copyDeclaration(program, checker, join(dirname(rootFile), path), name));
    return name;
  });
  text = text.replace("export declare const appRouter", "declare const appRouter");
  return [`// Written by build.mjs from the API's router (${relative(root, rootFile)}): do not edit.`, ...copied.values(), text, ""].join("\n");
}

/** The source of a self-contained interface or type alias that `file` exports as `name`. */
function copyDeclaration(program, checker, file, name) {
  const module = checker.getSymbolAtLocation(program.getSourceFile(file));
  let symbol = module && checker.getExportsOfModule(module).find((exported) => exported.name === name);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const declaration = symbol?.declarations?.[0];
  if (!declaration || !(ts.isInterfaceDeclaration(declaration) || ts.isTypeAliasDeclaration(declaration))) {
    throw new Error(`the router's types name ${name} from ${file}, which is not an interface or type alias to copy`);
  }
  const visit = (node) => {
    if (ts.isTypeReferenceNode(node)) {
      let used = checker.getSymbolAtLocation(node.typeName);
      if (used && used.flags & ts.SymbolFlags.Alias) used = checker.getAliasedSymbol(used);
      const from = used?.declarations?.[0]?.getSourceFile();
      if (from && !program.isSourceFileDefaultLibrary(from) && !from.fileName.includes("/node_modules/")) {
        throw new Error(`${name} (copied into the SDK's router types) uses ${node.typeName.getText()}, another of the API's own types`);
      }
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(declaration, visit);
  return declaration.getText().replace(/^export\s+/, "");
}

/**
 * Relative imports end in .js, as in the JavaScript (TypeScript keeps the
 * source's .ts in declarations), and every .d.ts stands on its own: each
 * relative import has its file in dist/, and nothing names the workspace.
 */
async function finishDeclarations(folder) {
  for (const entry of await readdir(folder, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".d.ts")) continue;
    const file = join(entry.parentPath, entry.name);
    const text = (await readFile(file, "utf8")).replace(/((?:from |import\()"\.{1,2}\/[^"]*)\.tsx?"/g, '$1.js"');
    await writeFile(file, text);
    for (const [, specifier] of text.matchAll(/(?:from |import\()"([^"]+)"/g)) {
      const missing = specifier.startsWith(".") ? !existsSync(join(dirname(file), specifier.replace(/\.js$/, ".d.ts"))) : specifier.startsWith("@park/");
      if (missing) throw new Error(`${relative(root, file)} imports ${specifier}, which a program using the built SDK cannot resolve`);
    }
  }
}

function fail(diagnostics) {
  const list = Array.isArray(diagnostics) ? diagnostics : [diagnostics];
  throw new Error(ts.formatDiagnostics(list, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => "\n" }));
}
