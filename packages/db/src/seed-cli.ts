import { resolve } from "node:path";
import { openDatabase } from "./client.ts";
import { seed } from "./seed.ts";

// Resolve DATA_DIR like the server does: relative to where the command was
// typed (pnpm runs package scripts inside the package folder).
const cwd = process.env.INIT_CWD ?? process.cwd();
const dataDir = resolve(cwd, process.env.DATA_DIR ?? ".data", "db");

const db = await openDatabase({ url: process.env.DATABASE_URL, dataDir });
try {
  await db.migrate();
  await seed(db.prisma, { adminEmail: process.env.ADMIN_EMAIL, adminPassword: process.env.ADMIN_PASSWORD });
  console.log(`Seeded the ${db.kind === "pglite" ? `embedded database in ${dataDir}` : "PostgreSQL database"}.`);
} finally {
  await db.close();
}
