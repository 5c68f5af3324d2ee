// PostgreSQL announces committed lot changes (the triggers of the
// lot_change_notifications migration), and a listener hears them on a
// connection of its own that comes back whenever it is lost, however it is lost.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openDatabase, type Database } from "../src/client.ts";
import { listenForLotChanges, type LotChangeHandlers } from "../src/channels.ts";
import { createPostgresDatabase, postgresAvailable } from "../src/testing.ts";

const settle = (ms = 150) => new Promise((resolve) => setTimeout(resolve, ms));

/** Handlers that record what they are told. */
function recorder() {
  const heard = { changed: [] as string[], listening: 0, interrupted: 0 };
  const handlers: LotChangeHandlers = {
    changed: (lotId) => void heard.changed.push(lotId),
    listening: () => void heard.listening++,
    interrupted: () => void heard.interrupted++,
  };
  return { heard, handlers };
}

/**
 * Forwards TCP to PostgreSQL until frozen: then the connections already open
 * stay open but carry nothing either way, as across a network partition,
 * while new ones are forwarded as before.
 */
async function freezableProxy(target: { host: string; port: number }) {
  const pairs: { client: net.Socket; upstream: net.Socket }[] = [];
  const frozen: net.Socket[] = [];
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
    pairs.push({ client, upstream });
  });
  server.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    freeze: () => {
      for (const { client, upstream } of pairs.splice(0)) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
        frozen.push(client, upstream);
      }
    },
    close: () => {
      for (const socket of [...frozen, ...pairs.flatMap((pair) => [pair.client, pair.upstream])]) socket.destroy();
      server.close();
    },
  };
}

describe.runIf(await postgresAvailable())("lot change notifications on PostgreSQL", () => {
  let created: { url: string; drop(): Promise<void> };
  let db: Database;
  let lots: string[];

  beforeAll(async () => {
    created = await createPostgresDatabase("park_test_notify");
    db = await openDatabase({ url: created.url, poolSize: 2 });
    await db.migrate();
    lots = [];
    for (let i = 0; i < 2; i++) {
      const [lot] = await db.sql.query<{ id: string }>(
        `INSERT INTO lots (name, address, city, hourly_rate_cents, updated_at) VALUES ($1, 'x', 'y', 100, now()) RETURNING id`,
        [`Notified ${i}`],
      );
      const [level] = await db.sql.query<{ id: string }>(`INSERT INTO levels (lot_id, name, position) VALUES ($1, 'L', 0) RETURNING id`, [lot!.id]);
      const [row] = await db.sql.query<{ id: string }>(`INSERT INTO rows (lot_id, level_id, name, position) VALUES ($1, $2, 'R', 0) RETURNING id`, [
        lot!.id,
        level!.id,
      ]);
      await db.sql.query(`INSERT INTO spots (lot_id, level_id, row_id, label, position) SELECT $1, $2, $3, 'S' || g, g FROM generate_series(1, 5) g`, [
        lot!.id,
        level!.id,
        row!.id,
      ]);
      lots.push(lot!.id);
    }
  });

  afterAll(async () => {
    await db?.close();
    await created?.drop();
  });

  it("announces each lot a transaction changed, once, when it commits, and nothing for a rollback", async () => {
    const { heard, handlers } = recorder();
    const listener = listenForLotChanges(created.url, handlers);
    try {
      await vi.waitFor(() => expect(heard.listening).toBe(1));
      const [a, b] = lots as [string, string];
      await db.sql.transaction(async (tx) => {
        await tx.query(`UPDATE spots SET out_of_service = true WHERE lot_id = $1`, [a]);
        await tx.query(
          `INSERT INTO spot_holds (spot_id, starts_at, ends_at, active) SELECT id, now(), now() + interval '1 hour', true FROM spots WHERE lot_id = $1`,
          [b],
        );
        await settle();
        // Nothing before the commit.
        expect(heard.changed).toEqual([]);
      });
      await vi.waitFor(() => expect(heard.changed.sort()).toEqual([a, b].sort()));

      await db.sql
        .transaction(async (tx) => {
          await tx.query(`UPDATE spots SET out_of_service = false WHERE lot_id = $1`, [a]);
          throw new Error("changed my mind");
        })
        .catch(() => {});
      // A claim written again with the values it had is no change either.
      await db.sql.query(`UPDATE spot_holds SET active = true`);
      await settle();
      expect(heard.changed).toHaveLength(2);
    } finally {
      await listener.close();
    }
  });

  it("replaces a connection that stops answering, says so, and hears later changes", async () => {
    const url = new URL(created.url);
    const proxy = await freezableProxy({ host: url.hostname, port: Number(url.port || 5432) });
    url.hostname = "127.0.0.1";
    url.port = String(proxy.port);
    const { heard, handlers } = recorder();
    const listener = listenForLotChanges(url.toString(), handlers, { checkEveryMs: 100, checkTimeoutMs: 200 });
    try {
      await vi.waitFor(() => expect(heard.listening).toBe(1));
      proxy.freeze();
      // Nothing fails on a silent connection: only the unanswered check shows it.
      await vi.waitFor(() => expect(heard.interrupted).toBe(1), { timeout: 2_000 });
      await vi.waitFor(() => expect(heard.listening).toBe(2), { timeout: 2_000 });
      await db.sql.query(`UPDATE spots SET out_of_service = NOT out_of_service WHERE id = (SELECT id FROM spots WHERE lot_id = $1 LIMIT 1)`, [lots[0]]);
      await vi.waitFor(() => expect(heard.changed).toEqual([lots[0]]));
    } finally {
      await listener.close();
      proxy.close();
    }
  });

  it("keeps trying while the database is unreachable, and stops for good when closed", async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const { heard, handlers } = recorder();
    const listener = listenForLotChanges(`postgresql://postgres@127.0.0.1:${port}/nothing`, handlers, { minRetryMs: 20, maxRetryMs: 80 });
    await vi.waitFor(() => expect(heard.interrupted).toBeGreaterThanOrEqual(3));
    await listener.close();
    const after = heard.interrupted;
    await settle(300);
    expect(heard.interrupted).toBe(after);
    expect(heard.listening).toBe(0);
  });
});
