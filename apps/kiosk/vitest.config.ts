import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["e2e/**/*.test.ts"],
    environment: "node",
    // The web app's setup: the built server, which serves the built kiosk at /kiosk/, on a seeded database.
    globalSetup: ["../web/e2e/global-setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    reporters: ["default"],
  },
});
