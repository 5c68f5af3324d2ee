import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Much of each file is spent waiting on child processes, sockets and the
    // database, so more files than cores run at once.
    maxWorkers: 3,
  },
});
