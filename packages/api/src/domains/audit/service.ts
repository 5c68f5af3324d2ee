import type { Prisma } from "@park/db";
import { createdKey, decodeCursor, toPage } from "../../shared/paging.ts";
import type { Services } from "../../shared/services.ts";

export interface AuditFilter {
  actorId?: string | undefined;
  targetType?: string | undefined;
  targetId?: string | undefined;
  action?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  cursor?: string | undefined;
  limit: number;
}

/** Who did what to which record, newest first. */
export async function listAudit({ db }: Services, input: AuditFilter) {
  const after = decodeCursor(createdKey, input.cursor);
  const where: Prisma.AuditLogWhereInput = {
    AND: [
      input.actorId ? { actorId: input.actorId } : {},
      input.targetType ? { targetType: input.targetType } : {},
      input.targetId ? { targetId: input.targetId } : {},
      input.action ? { action: input.action } : {},
      input.from || input.to ? { createdAt: { ...(input.from ? { gte: input.from } : {}), ...(input.to ? { lte: input.to } : {}) } } : {},
      after ? { OR: [{ createdAt: { lt: new Date(after.t) } }, { createdAt: new Date(after.t), id: { lt: after.id } }] } : {},
    ],
  };
  const rows = await db.auditLog.findMany({
    where,
    include: { actor: { select: { id: true, username: true } } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
  });
  const page = toPage(rows, input.limit, (row) => ({ t: row.createdAt.toISOString(), id: row.id }));
  return {
    items: page.items.map((row) => {
      const details = (row.details ?? {}) as { before?: Record<string, unknown>; after?: Record<string, unknown> };
      return {
        id: row.id,
        at: row.createdAt,
        actor: row.actor,
        action: row.action,
        targetType: row.targetType,
        targetId: row.targetId,
        before: details.before ?? null,
        after: details.after ?? null,
        requestId: row.requestId,
      };
    }),
    nextCursor: page.nextCursor,
  };
}
