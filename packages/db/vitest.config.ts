import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Files share their worker's loaded modules instead of loading the API, Prisma and tRPC again each:
    // state lives in instances, never in modules, so nothing leaks from one file to the next.
    isolate: false,
    include: ["test/**/*.test.ts"],
    // The embedded database every test copies is made once, before the workers start.
    globalSetup: ["./src/template-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The schema-engine check runs long; let the other files run beside it.
    maxWorkers: 3,
  },
});
