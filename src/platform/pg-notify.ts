import crypto from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import type { Db } from './db/database.js';
import type { ContentChange, ContentEvents } from './events.js';

/*
 * Changes across processes on PostgreSQL. Each process keeps one connection
 * of its own (outside the pool) listening on a channel; every change a
 * process makes is announced on that channel with pg_notify, through the
 * pool, and every other process tells its own caches and live streams at
 * once. A notification sent while a listener was disconnected is lost, so
 * after reconnecting a listener announces a change of everything locally
 * (pages, settings, articles, comments): caches start afresh and live
 * streams look again from their cursors.
 */

/** What travels in a notification: the process it came from, and the change. */
interface Message {
  o: string;
  k: string;
  i?: number;
}

/** PostgreSQL's longest identifier, in bytes; a longer channel name is refused. */
const MAX_CHANNEL = 63;
/** Kinds are short words; anything longer is not one of ours. */
const MAX_KIND = 40;

/** The channel for one database schema, so processes on other schemas (test suites, other sites) never hear each other. */
export function channelName(schema: string | undefined): string {
  const base = 'broadsheet_changes';
  if (!schema) return base;
  const name = `${base}_${schema.toLowerCase()}`;
  if (Buffer.byteLength(name) <= MAX_CHANNEL) return name;
  return `${base}_${crypto.createHash('sha1').update(schema.toLowerCase()).digest('hex').slice(0, 32)}`;
}

/** A notification's payload read back; undefined when it is not a change from another process. */
export function parseMessage(payload: string | undefined, self: string): ContentChange | undefined {
  if (!payload) return undefined;
  let m: Partial<Message>;
  try {
    m = JSON.parse(payload) as Partial<Message>;
  } catch {
    return undefined;
  }
  if (typeof m !== 'object' || m === null || typeof m.o !== 'string' || m.o === self) return undefined;
  if (typeof m.k !== 'string' || m.k.length === 0 || m.k.length > MAX_KIND) return undefined;
  if (m.i !== undefined && !Number.isSafeInteger(m.i)) return undefined;
  return { kind: m.k, ...(m.i !== undefined ? { id: m.i } : {}) };
}

export interface ChangeFeedOptions {
  /** The PostgreSQL connection string (without the schema parameter). */
  url: string;
  schema?: string | undefined;
  /** The pool's handle, through which notifications are sent. */
  db: Db;
  events: ContentEvents;
  /** Failures (sending, listening) are reported here; none stops the process. */
  onError?: (err: unknown, what: string) => void;
  /** Told when the listener is back after losing its connection (the catch-up has been announced). */
  onReconnect?: () => void;
  /** Waiting between attempts to listen again: from minDelayMs, doubling up to maxDelayMs. */
  minDelayMs?: number;
  maxDelayMs?: number;
}

export interface ChangeFeed {
  readonly channel: string;
  /** This process's name in notifications. */
  readonly origin: string;
  /** Whether the listening connection is up. */
  listening(): boolean;
  /** The server process id of the listening connection (null while it is down). */
  backendPid(): number | null;
  /** How many times the listener came back after being down (each time announcing the catch-up). */
  reconnects(): number;
  /** Stop listening and sending; resolves once the listening connection is closed. */
  close(): Promise<void>;
}

/**
 * Connect `events` to the other processes on the same database and schema.
 * Resolves once the first attempt to listen has ended; if it failed, later
 * attempts follow in the background (changes still go out meanwhile).
 */
export async function startChangeFeed(options: ChangeFeedOptions): Promise<ChangeFeed> {
  const { url, db, events, onError = () => {}, onReconnect = () => {}, minDelayMs = 100, maxDelayMs = 5000 } = options;
  const channel = channelName(options.schema);
  const origin = `${process.pid}-${crypto.randomBytes(6).toString('hex')}`;
  let client: pg.Client | null = null;
  let listeningNow = false;
  let closed = false;
  /** The listener has been down since it last listened (or never listened): a catch-up is owed. */
  let missed = false;
  let reconnectCount = 0;
  let delay = minDelayMs;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const disconnect = events.connect({
    publish(change) {
      if (closed) return;
      const message: Message = { o: origin, k: change.kind, ...(change.id !== undefined ? { i: change.id } : {}) };
      sql`select pg_notify(${channel}, ${JSON.stringify(message)})`.execute(db).catch((err: unknown) => onError(err, `announcing a ${change.kind} change`));
    },
  });

  /** What may have been missed while not listening: everything. */
  function catchUp(): void {
    for (const kind of ['settings', 'article', 'comment', 'section', 'tag', 'author', 'media']) events.receive({ kind });
  }

  function retry(): void {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void listen();
    }, delay);
    timer.unref();
    delay = Math.min(delay * 2, maxDelayMs);
  }

  function lost(c: pg.Client, err?: unknown): void {
    if (client !== c) return;
    client = null;
    listeningNow = false;
    missed = true;
    if (err) onError(err, 'listening for other processes’ changes');
    c.end().catch(() => {});
    retry();
  }

  async function listen(): Promise<void> {
    if (closed) return;
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    c.on('error', (err) => lost(c, err));
    c.on('end', () => lost(c));
    c.on('notification', (n) => {
      if (n.channel !== channel) return;
      const change = parseMessage(n.payload, origin);
      if (change) events.receive(change);
    });
    client = c;
    try {
      await c.connect();
      await c.query(`LISTEN "${channel}"`);
    } catch (err) {
      lost(c, err);
      return;
    }
    if (closed) {
      await c.end().catch(() => {});
      return;
    }
    delay = minDelayMs;
    listeningNow = true;
    if (missed) {
      missed = false;
      reconnectCount++;
      catchUp();
      onReconnect();
    }
  }

  await listen();

  return {
    channel,
    origin,
    listening: () => listeningNow,
    // pg sets processID from the server's backend key data; its types do not declare it.
    backendPid: () => (listeningNow ? ((client as (pg.Client & { processID?: number }) | null)?.processID ?? null) : null),
    reconnects: () => reconnectCount,
    async close() {
      if (closed) return;
      closed = true;
      disconnect();
      if (timer) clearTimeout(timer);
      const c = client;
      client = null;
      await c?.end().catch(() => {});
    },
  };
}
