// The one way a notification enters the outbox: inside the transaction of the
// change that causes it, so it exists exactly when the change does.
import { Prisma } from "@park/db";
import { isNotificationKind, notificationPayloads, type NotificationKind, type NotificationPayload } from "./kinds.ts";

/** A transaction, or the database itself for a notification that stands alone. */
export type OutboxWriter = Pick<Prisma.TransactionClient, "outboxMessage">;

export interface NotificationMessage<K extends NotificationKind = NotificationKind> {
  kind: K;
  /** The user it concerns, when there is one; their address is `recipient` as it was when the change happened. */
  userId: string | null;
  recipient: string;
  payload: NotificationPayload<K> & Record<string, unknown>;
  /** Not before this instant (default: at once). */
  runAt?: Date;
}

/**
 * Adds a notification to the outbox. The payload is checked against its
 * kind's shape here, so a message that could never be composed fails the
 * change that made it instead of dying later.
 */
export async function enqueue<K extends NotificationKind>(tx: OutboxWriter, message: NotificationMessage<K>): Promise<{ id: string }> {
  const payload = notificationPayloads[message.kind].parse(message.payload) as Prisma.InputJsonObject;
  return tx.outboxMessage.create({
    data: {
      kind: message.kind,
      userId: message.userId,
      recipient: message.recipient,
      payload,
      ...(message.runAt ? { runAt: message.runAt } : {}),
    },
    select: { id: true },
  });
}

export interface OutboxRowSql {
  userId: Prisma.Sql;
  recipient: Prisma.Sql;
  /** A `jsonb` expression of the kind's payload shape. */
  payload: Prisma.Sql;
  /** The `FROM …` (and `WHERE …`) the row's values come from. */
  from: Prisma.Sql;
}

/**
 * The same insert as `enqueue`, as a statement for a CTE of a larger one, so a
 * hot path enqueues without another round trip: `mail AS (${enqueueSql(…)})`.
 * The kind is written into the text, keeping the statement's parameters (and
 * its prepared plan) those of the statement around it.
 */
export function enqueueSql(kind: NotificationKind, row: OutboxRowSql): Prisma.Sql {
  if (!isNotificationKind(kind) || !/^[a-z.]+$/.test(kind)) throw new Error(`Unknown notification kind ${kind}`);
  return Prisma.sql`INSERT INTO outbox (kind, user_id, recipient, payload)
      SELECT ${Prisma.raw(`'${kind}'`)}, ${row.userId}, ${row.recipient}, ${row.payload}
      ${row.from}`;
}
