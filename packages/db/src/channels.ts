import pg from "pg";

/** The channel the database announces committed lot changes on (migration `20261204000000_lot_change_notifications`). */
export const lotChangeChannel = "park_lot_changed";

/** The channel the database announces queued mail on (migration `20261206000000_mail_queued_notifications`). */
export const mailQueuedChannel = "park_mail_queued";

/** What every listener is told of its connection. */
export interface ListeningHandlers {
  /** Listening has (re)started: notifications sent while it was not were missed. */
  listening(): void;
  /** Connecting or listening failed; it is tried again on its own, and `listening` follows when it works. */
  interrupted(error: unknown): void;
}

export interface LotChangeHandlers extends ListeningHandlers {
  /** A change to the lot was committed, by this process or any other on the database. */
  changed(lotId: string): void;
}

export interface MailQueuedHandlers extends ListeningHandlers {
  /** Messages were queued (or a dead one made pending again) and committed, by this process or any other. */
  queued(): void;
}

export interface ChannelListener {
  /** Stops listening and ends the connection; nothing is called after it resolves. */
  close(): Promise<void>;
}

export interface ListenerOptions {
  /** The first wait before connecting again; it doubles with each failure in a row, up to `maxRetryMs`. */
  minRetryMs?: number;
  maxRetryMs?: number;
  /**
   * How often the otherwise silent connection is asked a question. A connection
   * whose peer vanished without closing it (a network partition, a host lost)
   * fails no read and no write on its own: only a question left unanswered
   * shows it.
   */
  checkEveryMs?: number;
  /** How long an answer to that question may take. */
  checkTimeoutMs?: number;
}

/** Lot changes, as `listenOn` hears them: each notification names its lot. */
export function listenForLotChanges(url: string, handlers: LotChangeHandlers, options: ListenerOptions = {}): ChannelListener {
  return listenOn(url, lotChangeChannel, "park-listen-lots", (payload) => payload && handlers.changed(payload), handlers, options);
}

/** Queued mail, as `listenOn` hears it: a notification says only that there is some. */
export function listenForQueuedMail(url: string, handlers: MailQueuedHandlers, options: ListenerOptions = {}): ChannelListener {
  return listenOn(url, mailQueuedChannel, "park-listen-mail", () => handlers.queued(), handlers, options);
}

/**
 * Listens on `channel` on a connection of its own, outside the pool: a
 * pooled connection goes back to the pool, and LISTEN belongs to the session
 * that said it. The health check's connection is not borrowed either: it is
 * opened only when health is asked for, and dropped on any slow answer,
 * where this one must stay open all the time and each reconnect costs every
 * listener a full re-count.
 *
 * A lost connection is opened again with backoff (and jitter, so that a
 * restarted database is not met by every process at once), and `listening`
 * then says that changes may have been missed meanwhile. The connection never
 * keeps the process alive on its own.
 */
function listenOn(
  url: string,
  channel: string,
  /** How the connection shows in pg_stat_activity. */
  applicationName: string,
  notified: (payload: string | undefined) => void,
  handlers: ListeningHandlers,
  options: ListenerOptions,
): ChannelListener {
  const { minRetryMs = 100, maxRetryMs = 5_000, checkEveryMs = 15_000, checkTimeoutMs = 5_000 } = options;
  let closed = false;
  let current: pg.Client | undefined;
  let failuresInARow = 0;
  let retry: NodeJS.Timeout | undefined;
  let check: NodeJS.Timeout | undefined;

  const scheduleRetry = () => {
    const ceiling = Math.min(maxRetryMs, minRetryMs * 2 ** failuresInARow);
    failuresInARow++;
    retry = setTimeout(() => void connect(), ceiling / 2 + Math.random() * (ceiling / 2));
    retry.unref();
  };

  const connect = async () => {
    retry = undefined;
    if (closed) return;
    const client = new pg.Client({ connectionString: url, application_name: applicationName, connectionTimeoutMillis: 5_000, keepAlive: true });
    current = client;
    let lost = false;
    const fail = (error: unknown) => {
      if (lost) return;
      lost = true;
      clearInterval(check);
      if (current === client) current = undefined;
      void endQuickly(client);
      if (closed) return;
      handlers.interrupted(error);
      scheduleRetry();
    };
    client.on("error", fail);
    client.on("end", () => fail(new Error("the listening connection ended")));
    client.on("notification", (message) => {
      if (message.channel === channel) notified(message.payload);
    });
    try {
      await client.connect();
      unref(client);
      await client.query(`LISTEN ${channel}`);
    } catch (error) {
      fail(error);
      return;
    }
    if (lost || closed) return;
    failuresInARow = 0;
    let asking = false;
    check = setInterval(() => {
      if (asking) return;
      asking = true;
      client.query({ text: "SELECT 1", query_timeout: checkTimeoutMs } as pg.QueryConfig).then(
        () => (asking = false),
        (error: unknown) => fail(error),
      );
    }, checkEveryMs);
    check.unref();
    handlers.listening();
  };

  void connect();
  return {
    close: async () => {
      closed = true;
      clearTimeout(retry);
      clearInterval(check);
      const client = current;
      current = undefined;
      if (client) await endQuickly(client);
    },
  };
}

/** Ends the connection politely if the server answers at once, and cuts it otherwise. */
async function endQuickly(client: pg.Client) {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([client.end().catch(() => {}), new Promise<void>((resolve) => (timer = setTimeout(resolve, 1_000)))]);
  clearTimeout(timer);
  destroy(client);
}

// `ref`, `unref` and the socket are pg's own but missing from its type declarations.
type WithSocket = { unref?: () => void; connection?: { stream?: { destroy?: () => void } } };

function unref(client: pg.Client) {
  (client as unknown as WithSocket).unref?.();
}

function destroy(client: pg.Client) {
  (client as unknown as WithSocket).connection?.stream?.destroy?.();
}
