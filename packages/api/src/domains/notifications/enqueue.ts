import type { Prisma } from "@park/db";

export interface Notification {
  kind: string;
  userId: string | null;
  recipient: string;
  payload: Record<string, unknown>;
  /** When it may be sent; now by default. */
  runAt?: Date;
}

/**
 * Queues a message in the transaction of the change that causes it, so it
 * exists exactly when the change does; delivery happens later, elsewhere.
 */
export async function enqueue(tx: Prisma.TransactionClient, { kind, userId, recipient, payload, runAt }: Notification): Promise<{ id: string }> {
  return tx.outboxMessage.create({
    data: { kind, userId, recipient, payload: payload as Prisma.InputJsonValue, ...(runAt ? { runAt } : {}) },
    select: { id: true },
  });
}
