import type { Prisma } from "@park/db";

/**
 * Serialises spot allocation and layout changes within one lot across every
 * server process, for the rest of the transaction. The exclusion constraint
 * remains the guarantee; the lock only spares callers from racing for the
 * same "best" spot and retrying. Same key as `park_allocate_spot` in SQL.
 * Taken before any row lock, so lock waits never form a cycle.
 */
export async function lockLot(tx: Prisma.TransactionClient, lotId: string): Promise<void> {
  await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtextextended(${lotId}::uuid::text, 0))`;
}
