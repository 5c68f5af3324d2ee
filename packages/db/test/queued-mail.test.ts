// The database says when mail was queued (the mail_queued_notifications
// migration): once per committed transaction however many messages it added,
// and when an admin makes a dead message pending again; never for a rollback,
// nor for the deliveries' own bookkeeping.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openTestDatabase, postgresAvailable, type TestDatabase } from "../src/testing.ts";

const kinds = (await postgresAvailable()) ? (["pglite", "postgres"] as const) : (["pglite"] as const);
const settle = () => new Promise((resolve) => setTimeout(resolve, 200));

describe.each(kinds)("queued mail announced on %s", (kind) => {
  let db: TestDatabase;
  const heard = { queued: 0, listening: 0, interrupted: 0 };
  let listener: { close(): Promise<void> };

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    listener = db.queuedMail.listen({
      queued: () => void heard.queued++,
      listening: () => void heard.listening++,
      interrupted: () => void heard.interrupted++,
    });
    await vi.waitFor(() => expect(heard.listening).toBe(1));
  });
  afterAll(async () => {
    await listener?.close();
    await db?.drop();
  });

  const queue = (tx: { query: TestDatabase["sql"]["query"] }, n: number) =>
    tx.query<{ id: string }>(
      `INSERT INTO outbox (kind, recipient, payload) SELECT 'reminder.inactive', 'r' || g || '@example.com', '{"inactiveDays": 7}' FROM generate_series(1, $1::int) g RETURNING id::text`,
      [n],
    );

  it("once per committed transaction that queued mail, after the commit; never for a rollback", async () => {
    await db.sql.transaction(async (tx) => {
      await queue(tx, 3);
      await queue(tx, 2);
      await settle();
      expect(heard.queued).toBe(0);
    });
    await vi.waitFor(() => expect(heard.queued).toBe(1));
    await db.sql
      .transaction(async (tx) => {
        await queue(tx, 1);
        throw new Error("changed my mind");
      })
      .catch(() => {});
    await settle();
    expect(heard.queued).toBe(1);
  });

  it("when a dead message is made pending again, and not for a delivery's own writes", async () => {
    const [message] = await queue(db.sql, 1);
    await vi.waitFor(() => expect(heard.queued).toBe(2));
    const id = message!.id;
    // A claim, a failure, the last failure, a send: what a delivery writes.
    await db.sql.query(`UPDATE outbox SET attempts = attempts + 1, locked_until = now() + interval '1 minute' WHERE id = $1`, [id]);
    await db.sql.query(`UPDATE outbox SET locked_until = NULL, run_at = now() + interval '1 minute', last_error = 'later' WHERE id = $1`, [id]);
    await db.sql.query(`UPDATE outbox SET status = 'dead' WHERE id = $1`, [id]);
    await settle();
    expect(heard.queued).toBe(2);
    await db.sql.query(`UPDATE outbox SET status = 'pending', attempts = 0, run_at = now() WHERE id = $1`, [id]);
    await vi.waitFor(() => expect(heard.queued).toBe(3));
    await db.sql.query(`UPDATE outbox SET status = 'sent', sent_at = now() WHERE id = $1`, [id]);
    await settle();
    expect(heard.queued).toBe(3);
    expect(heard.interrupted).toBe(0);
  });
});
