export { openDatabase, pgliteExtensions, type Database, type DatabaseOptions, type Db } from "./client.ts";
export {
  listenForLotChanges,
  listenForQueuedMail,
  lotChangeChannel,
  mailQueuedChannel,
  type ChannelListener,
  type ListenerOptions,
  type LotChangeHandlers,
  type MailQueuedHandlers,
} from "./channels.ts";
export { applyMigrations, defaultMigrationsDir, readMigrations, type SqlRunner } from "./migrate.ts";
export { dbViolation, transientDbFailure, type DbViolation } from "./errors.ts";
export { hashPassword, verifyPassword } from "./password.ts";
export { ensureUser, seed, seedAccounts, type AccountSpec, type SeedOptions } from "./seed.ts";
export { capacityLayout, insertLayout, type LotLayout, type RowLayout } from "./layout.ts";
export { Prisma } from "./generated/prisma/client.ts";
export type * from "./generated/prisma/models.ts";
export * from "./generated/prisma/enums.ts";
