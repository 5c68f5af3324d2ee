import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The schema-engine check runs long; let the other files run beside it.
    maxWorkers: 3,
  },
});
