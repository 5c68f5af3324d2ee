import vue from "@vitejs/plugin-vue";
import { defineConfig } from "vite";

// `pnpm dev` talks to a server started separately (`pnpm --filter @park/server start`).
const server = "http://127.0.0.1:4000";

export default defineConfig({
  // The server serves the built kiosk under /kiosk/, beside the web app at /.
  base: "/kiosk/",
  // Every component uses <script setup>: the Options API is left out of the bundle.
  plugins: [vue({ features: { optionsAPI: false } })],
  server: {
    port: 5174,
    strictPort: true,
    proxy: { "/trpc": server, "/healthz": server },
  },
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true },
});
