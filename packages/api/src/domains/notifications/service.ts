import type { OutboxMessageModel as OutboxMessage } from "@park/db";
import { recordAudit } from "../../shared/audit.ts";
import { AppError, notFound } from "../../shared/errors.ts";
import { createdKey, decodeCursor, toPage } from "../../shared/paging.ts";
import type { Services } from "../../shared/services.ts";
import type { Viewer } from "../../shared/viewer.ts";

type MailStatus = OutboxMessage["status"];

function toMailMessage(row: OutboxMessage) {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    recipient: row.recipient,
    userId: row.userId,
    attempts: row.attempts,
    lastError: row.lastError,
    runAt: row.runAt,
    lockedUntil: row.lockedUntil,
    sentAt: row.sentAt,
    createdAt: row.createdAt,
  };
}

/** The outbox, newest first, optionally of one status. */
export async function listMail({ db }: Services, input: { status?: MailStatus | undefined; cursor?: string | undefined; limit: number }) {
  const after = decodeCursor(createdKey, input.cursor);
  const rows = await db.outboxMessage.findMany({
    where: {
      AND: [
        input.status ? { status: input.status } : {},
        after ? { OR: [{ createdAt: { lt: new Date(after.t) } }, { createdAt: new Date(after.t), id: { lt: after.id } }] } : {},
      ],
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
  });
  const page = toPage(rows, input.limit, (row) => ({ t: row.createdAt.toISOString(), id: row.id }));
  return { items: page.items.map(toMailMessage), nextCursor: page.nextCursor };
}

/**
 * Puts a dead message back in line with a fresh set of attempts, due now.
 * Only a dead one: the change is conditional on the status, so of two admins
 * retrying at once one succeeds and the other is told it is no longer dead.
 */
export async function retryMail({ db, clock }: Services, actor: Viewer, id: string, now = clock.now()) {
  return db.$transaction(async (tx) => {
    const was = await tx.outboxMessage.findUnique({ where: { id }, select: { status: true, attempts: true, lastError: true } });
    if (!was) throw notFound("Message");
    const { count } = await tx.outboxMessage.updateMany({
      where: { id, status: "dead" },
      data: { status: "pending", attempts: 0, runAt: now, lockedUntil: null },
    });
    if (count !== 1)
      throw new AppError("MAIL_NOT_DEAD", `Only a dead message can be retried; this one is ${was.status === "dead" ? "being retried already" : was.status}`);
    await recordAudit(tx, actor, {
      action: "mail.retry",
      targetType: "mail",
      targetId: id,
      before: { status: "dead", attempts: was.attempts, lastError: was.lastError },
      after: { status: "pending", attempts: 0 },
    });
    return toMailMessage(await tx.outboxMessage.findUniqueOrThrow({ where: { id } }));
  });
}
