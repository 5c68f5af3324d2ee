import { configDefaults, defineConfig } from "vitest/config";

// Replaces a module of the API with vi.mock, which only works on modules the file loads itself.
const mocking = ["test/error-log.test.ts"];

export default defineConfig({
  test: {
    // The embedded database every test copies is made once, before the workers start.
    globalSetup: ["../../packages/db/src/template-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Much of each file is spent waiting on child processes, sockets and the
    // database, so more files than cores run at once.
    maxWorkers: 3,
    projects: [
      {
        extends: true,
        test: {
          name: "server",
          include: ["test/**/*.test.ts"],
          exclude: [...configDefaults.exclude, ...mocking],
          // Files share their worker's loaded modules instead of loading the API, Prisma and tRPC again
          // each: state lives in instances, never in modules, so nothing leaks from one file to the next.
          isolate: false,
        },
      },
      { extends: true, test: { name: "server (own modules)", include: mocking } },
    ],
  },
});
