import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    // The server applies its migrations and seeds a fresh embedded database first.
    hookTimeout: 90_000,
  },
});
