import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// `pnpm dev` talks to a server started separately (`pnpm --filter @park/server start`).
const server = "http://127.0.0.1:4000";

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    strictPort: true,
    proxy: { "/trpc": server, "/healthz": server },
  },
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true },
});
