import { defineConfig } from "prisma/config";

// Used by the stock Prisma CLI (`prisma migrate deploy`, `prisma studio`) on
// machines that can run it. The server applies the same migrations itself.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "" },
});
