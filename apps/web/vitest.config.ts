import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["e2e/**/*.test.ts"],
    environment: "node",
    globalSetup: ["e2e/global-setup.ts"],
    // One server for the run; each file drives its own browser against it.
    testTimeout: 20_000,
    hookTimeout: 60_000,
    reporters: ["default"],
  },
});
