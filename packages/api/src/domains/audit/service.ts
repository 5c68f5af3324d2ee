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

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The names of a page's targets: one query per kind of record on the page,
 * whatever its size. Keys are `type:id`.
 */
async function targetNames({ db }: Pick<Services, "db">, targets: readonly { targetType: string; targetId: string | null }[]): Promise<Map<string, string>> {
  const idsOf = (type: string) => [
    ...new Set(targets.flatMap((t) => (t.targetType === type && t.targetId && uuidPattern.test(t.targetId) ? [t.targetId] : []))),
  ];
  const lookups: [type: string, find: (ids: string[]) => Promise<{ id: string; name: string }[]>][] = [
    [
      "user",
      (ids) =>
        db.user
          .findMany({ where: { id: { in: ids } }, select: { id: true, username: true } })
          .then((rows) => rows.map((r) => ({ id: r.id, name: r.username }))),
    ],
    ["lot", (ids) => db.lot.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })],
    ["level", (ids) => db.level.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })],
    ["row", (ids) => db.row.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })],
    [
      "spot",
      (ids) =>
        db.spot.findMany({ where: { id: { in: ids } }, select: { id: true, label: true } }).then((rows) => rows.map((r) => ({ id: r.id, name: r.label }))),
    ],
    [
      "session",
      (ids) =>
        db.parkingSession
          .findMany({ where: { id: { in: ids } }, select: { id: true, plate: true } })
          .then((rows) => rows.map((r) => ({ id: r.id, name: r.plate }))),
    ],
  ];
  const found = await Promise.all(
    lookups.map(async ([type, find]) => {
      const ids = idsOf(type);
      return ids.length === 0 ? [] : (await find(ids)).map((row) => [`${type}:${row.id}`, row.name] as const);
    }),
  );
  return new Map(found.flat());
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
  const names = await targetNames({ db }, page.items);
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
        targetName: (row.targetId && names.get(`${row.targetType}:${row.targetId}`)) ?? null,
        before: details.before ?? null,
        after: details.after ?? null,
        requestId: row.requestId,
      };
    }),
    nextCursor: page.nextCursor,
  };
}
