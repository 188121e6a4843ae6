import type { ServerResponse } from 'node:http';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, badRequest, notFound } from '../../platform/errors.js';
import type { ArticlesService } from '../articles/articles.service.js';
import { type Cursor, formatCursor, parseCursor } from './live.cursor.js';
import type { LiveEnd, LiveEvent, LiveHub } from './live.hub.js';
import { clientKey } from '../../platform/client-address.js';
import { IdPath } from '../../platform/route-schemas.js';

export interface LiveRouteOptions {
  hub: LiveHub;
  articles: Pick<ArticlesService, 'isVisible'>;
  /** Open streams this process accepts; beyond it, 503 with Retry-After. */
  maxListeners?: number;
  /** Open streams one address may hold (a newsroom behind one NAT opens many; a script opens more). */
  maxPerAddress?: number;
  /** A comment line this often keeps proxies and browsers from timing the stream out. */
  heartbeatMs?: number;
}

/** Ids beyond PostgreSQL's integer are no article of ours (IdPath lets ten digits through). */
const MAX_ID = 2_147_483_647;
/** A reader this far behind (a stalled connection) is cut off; the browser reconnects and catches up from its cursor. */
const MAX_BUFFERED_BYTES = 512 * 1024;
const RETRY_MS = 3000;
/** When the process closes, the browser comes back this soon, spread so a closing worker's readers do not all land on the others at once. */
const CLOSING_RETRY_MS = { min: 250, spread: 1000 };

/**
 * The last words of a stream whose process is closing (a restart, a deploy):
 * come back soon (another worker or machine will answer), and a comment
 * saying why. The browser's EventSource reconnects by itself when the stream
 * ends, with Last-Event-ID, so nothing is missed.
 */
export function closingFrame(random = Math.random): string {
  return `retry: ${CLOSING_RETRY_MS.min + Math.floor(random() * CLOSING_RETRY_MS.spread)}\n: closing; reconnect\n\n`;
}

/** One event as Server-Sent Events text: the cursor as its id, then its name and JSON data. */
export function frame(e: LiveEvent): string {
  return `id: ${formatCursor(e.cursor)}\nevent: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`;
}

/** `?since=`: taken as it comes (even repeated), since cursorOf's answer says what it must look like. */
const LiveQuery = Type.Object({ since: Type.Optional(Type.Unknown()) });

/** Where the page is: Last-Event-ID on a reconnection, else `?since=` from the page; null for "from now on". */
function cursorOf(req: FastifyRequest, since: unknown): Cursor | null {
  const header = req.headers['last-event-id'];
  const raw = typeof header === 'string' && header.trim() !== '' ? header : since;
  if (raw === undefined || raw === '') return null;
  const cursor = typeof raw === 'string' ? parseCursor(raw) : undefined;
  if (!cursor) throw badRequest('"since" must look like c123-u45: the newest comment id and live update id the page holds.');
  return cursor;
}

/** Headers other hooks set (security headers), for a response written by hand. */
function headersOf(reply: FastifyReply): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(reply.getHeaders())) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : String(v);
  return out;
}

/** GET /live/articles/:id — new comments and live updates of an article as Server-Sent Events. */
export async function liveRoutes(fastify: FastifyInstance, { hub, articles, maxListeners = 5000, maxPerAddress = 50, heartbeatMs = 25_000 }: LiveRouteOptions) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const streams = new Set<ServerResponse>();
  const perAddress = new Map<string, number>();
  /** Requests past the caps whose article is still being looked up (not yet the hub's listeners). */
  let starting = 0;
  let heartbeat: ReturnType<typeof setInterval> | undefined;

  function beat(): void {
    for (const res of streams) res.write(': keep-alive\n\n');
  }

  app.get('/live/articles/:id', { schema: { params: IdPath, querystring: LiveQuery } }, async (req, reply) => {
    const articleId = Number(req.params.id);
    if (articleId > MAX_ID) throw notFound('story');
    const since = cursorOf(req, req.query.since);
    // Places are taken before the article is looked up, so requests arriving together cannot all pass the caps meanwhile.
    if (hub.listeners() + starting >= maxListeners) {
      throw new AppError('busy', 503, 'Live updates are busy right now; the page will try again shortly.', { retryAfterSeconds: 30 });
    }
    const address = clientKey(req);
    if ((perAddress.get(address) ?? 0) >= maxPerAddress) {
      throw new AppError('rate_limited', 429, 'Too many live connections from your address. Close some pages and try again.', { retryAfterSeconds: 60 });
    }
    starting++;
    perAddress.set(address, (perAddress.get(address) ?? 0) + 1);
    const release = () => {
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left > 0) perAddress.set(address, left);
      else perAddress.delete(address);
    };
    let visible: boolean;
    try {
      visible = await articles.isVisible(articleId);
    } catch (err) {
      release();
      throw err;
    } finally {
      starting--;
    }
    if (!visible) {
      release();
      throw notFound('story');
    }

    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      ...headersOf(reply),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      // nginx and others buffer responses unless told not to; events must pass at once.
      'x-accel-buffering': 'no',
      // The socket is this stream's alone: when the stream ends, so does the connection.
      connection: 'close',
    });
    res.socket?.setNoDelay(true);
    res.write(`retry: ${RETRY_MS}\n\n`);

    streams.add(res);
    if (!heartbeat) {
      heartbeat = setInterval(beat, heartbeatMs);
      heartbeat.unref();
    }

    let unsubscribe = () => {};
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      unsubscribe();
      streams.delete(res);
      release();
      if (streams.size === 0 && heartbeat) {
        clearInterval(heartbeat);
        heartbeat = undefined;
      }
      if (!res.writableEnded) res.end();
    };
    res.on('close', finish);

    const send = (e: LiveEvent) => {
      if (finished || res.writableEnded) return;
      res.write(frame(e));
      if (res.writableLength > MAX_BUFFERED_BYTES) finish();
    };
    const ended = (why: LiveEnd) => {
      if (why === 'closing' && !finished && !res.writableEnded) res.write(closingFrame());
      finish();
    };
    try {
      unsubscribe = hub.subscribe(articleId, since, send, ended);
    } catch (err) {
      // The hub is shutting down with the server; the browser will try again elsewhere or later.
      req.log.warn({ err }, 'live stream refused');
      finish();
    }
    // The reader may have left while the article was looked up.
    if (res.destroyed) finish();
  });
}
