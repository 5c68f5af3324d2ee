import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/dist/**", "**/dist-test/**", "**/src/generated/**", "**/node_modules/**", "**/.data/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": "off",
    },
  },
  // The API's layers: routers → services → data; packages/api/ARCHITECTURE.md says why.
  // ESLint keeps only the last setting of a rule per file, so each block lists every pattern that applies.
  ...apiLayers(),
);

function apiLayers() {
  const noTrpc = { group: ["@trpc/*"], allowTypeImports: true, message: "Services and shared code speak in AppError; routers and the wire layer speak tRPC." };
  const noCallers = { group: ["**/router.ts", "**/*-router.ts", "**/trpc.ts", "**/wire/*"], message: "Code never imports the layer that calls it." };
  const noServices = {
    group: ["**/service.ts", "**/sql.ts", "**/relocation.ts", "**/spot-queries.ts", "@park/db"],
    message: "Schemas describe shapes: they import other schemas and pure rules, never a service or the database.",
  };
  const noDomains = { group: ["**/domains/**", "../domains/*"], message: "Shared pieces serve every domain and depend on none." };
  const restrict = (files, patterns, ignores = []) => ({ files, ignores, rules: { "@typescript-eslint/no-restricted-imports": ["error", { patterns }] } });
  return [
    restrict(["packages/api/src/domains/**/*.ts"], [noTrpc, noCallers], ["packages/api/src/domains/**/router.ts", "packages/api/src/domains/**/*-router.ts"]),
    restrict(["packages/api/src/domains/**/schemas.ts"], [noTrpc, noCallers, noServices]),
    restrict(["packages/api/src/shared/**/*.ts"], [noTrpc, noCallers, noDomains]),
    restrict(["packages/api/src/shared/schemas.ts"], [noTrpc, noCallers, noDomains, noServices]),
  ];
}
