import type { Prisma } from "@park/db";
import type { Viewer } from "./viewer.ts";

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId?: string | null;
  /** The changed fields as they were, for updates. */
  before?: Record<string, unknown>;
  /** The changed fields as they are now, or what a new record holds or an action did. */
  after?: Record<string, unknown>;
}

/**
 * Records a staff change: call it inside the transaction that makes the
 * change, so the row exists exactly when the change does. The database
 * refuses to change or remove it afterwards.
 */
export async function recordAudit(tx: Prisma.TransactionClient, actor: Viewer, entry: AuditEntry): Promise<void> {
  const details = { ...(entry.before ? { before: entry.before } : {}), ...(entry.after ? { after: entry.after } : {}) } as Prisma.InputJsonValue;
  await tx.auditLog.create({
    data: { actorId: actor.id, requestId: actor.requestId, action: entry.action, targetType: entry.targetType, targetId: entry.targetId ?? null, details },
  });
}

/** The fields of `after` whose values differ from `before`, as before/after pairs. */
export function changedFields<T extends Record<string, unknown>>(before: T, after: Partial<T>): { before: Partial<T>; after: Partial<T> } {
  const was: Partial<T> = {};
  const now: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (after[key] === undefined || JSON.stringify(before[key]) === JSON.stringify(after[key])) continue;
    was[key] = before[key];
    now[key] = after[key];
  }
  return { before: was, after: now };
}
