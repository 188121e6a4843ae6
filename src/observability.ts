import type { IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import { AggregatorRegistry, Counter } from 'prom-client';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from './config.js';
import type { LiveHub } from './modules/comments/live.hub.js';
import type { CommentStatus } from './platform/db/schema.js';
import type { Mailer } from './platform/mailer.js';
import { askPrimaryForMetrics, type Channel } from './platform/cluster-ipc.js';
import { type Exposition, installMetricsRoute } from './platform/metrics-http.js';
import { Metrics } from './platform/metrics.js';
import type { PageCache } from './platform/page-cache.js';
import type { FastPathOptions } from './platform/page-cache-fast-path.js';
import { REQUEST_ID_HEADER, requestIdFor } from './platform/request-id.js';
import type { Services } from './services.js';

/*
 * Request ids and metrics (docs/operations.md, "Request ids" and "Metrics"),
 * wired to the parts of the site they watch: the page cache, the live
 * streams, the comment decisions, the image pool and email.
 */

export interface Observability {
  /** Fastify's genReqId, and the fast path's. */
  requestId: (req: Pick<IncomingMessage, 'headers' | 'socket'>) => string;
  /** Null when metrics are shown nowhere (neither METRICS_TOKEN nor METRICS_ADDRESS): then nothing is counted. */
  metrics: Metrics | null;
  /** The metrics as text: this process's; in a worker, every worker's summed by the primary. */
  exposition: Exposition;
  /** Count a request Fastify refused before routing it (a malformed URL): no hook runs for those. */
  unrouted(req: FastifyRequest, reply: FastifyReply): void;
}

/** Counted when its answer has gone, as the onResponse hook counts the others. */
const countUnrouted =
  (metrics: Metrics) =>
  (req: FastifyRequest, reply: FastifyReply): void => {
    reply.raw.once('finish', () => metrics.answered(req.method, undefined, reply.statusCode, reply.elapsedTime / 1000, undefined));
  };

/** Whether this configuration shows metrics anywhere. */
export const metricsWanted = (config: Config): boolean => Boolean(config.metricsToken || config.metricsAddress);

export function createObservability(config: Config, worker?: { channel: Channel }): Observability & { close(): void } {
  const requestId = requestIdFor(config.trustProxy);
  if (!metricsWanted(config)) return { requestId, metrics: null, exposition: () => Promise.reject(new Error('metrics are off')), unrouted: () => {}, close: () => {} };
  const metrics = new Metrics();
  const unrouted = countUnrouted(metrics);
  if (!worker) return { requestId, metrics, exposition: () => metrics.text(), unrouted, close: () => {} };
  // In a worker of `serve --workers N`, the primary asks each worker for its metrics (prom-client's cluster protocol) and sums them.
  AggregatorRegistry.setRegistries(metrics.registries());
  new AggregatorRegistry();
  const primary = askPrimaryForMetrics(worker.channel);
  return { requestId, metrics, exposition: () => primary.metrics(), unrouted, close: () => primary.close() };
}

/** Every email the site sends, counted: those on their way to the mail server now, and those handed over or failed. */
export function watchMail(metrics: Metrics | null, mailer: Mailer): Mailer {
  if (!metrics) return mailer;
  let sending = 0;
  metrics.gauge('broadsheet_mail_sending', 'Emails on their way to the mail server (or the outbox folder) now.', () => sending);
  const done = new Counter<'result'>({
    name: 'broadsheet_mail_total',
    help: 'Emails handed to the mail server (result="sent") or given up on (result="failed").',
    labelNames: ['result'],
    registers: [metrics.registry],
  });
  const sent = done.labels('sent');
  const failed = done.labels('failed');
  sent.inc(0);
  failed.inc(0);
  return {
    async send(message) {
      sending++;
      try {
        await mailer.send(message);
        sent.inc();
      } catch (err) {
        failed.inc();
        throw err;
      } finally {
        sending--;
      }
    },
  };
}

/** Outcomes as operators speak of them: a comment shown, held for a moderator, or turned away. */
const OUTCOME: Partial<Record<CommentStatus, string>> = { approved: 'accepted', pending: 'held', rejected: 'rejected', spam: 'rejected' };

interface Watched {
  services: Services;
  pageCache: PageCache;
  live: LiveHub;
}

/** The site's own gauges and counters: each read when metrics are asked for, or counted as it happens. */
function watch(metrics: Metrics, { services, pageCache, live }: Watched): () => void {
  metrics.gauge('broadsheet_page_cache_entries', 'Pages held in this process’s page cache.', () => pageCache.size);
  metrics.gauge('broadsheet_live_streams', 'Open live-update streams (readers with an article page open).', () => live.listeners());
  const pool = services.imagePool;
  metrics.labelledGauge('broadsheet_media_pool_jobs', 'Image decoding jobs: state="running" (in a slot) or "waiting" (queued for one).', 'state', () => ({
    running: pool.active,
    waiting: pool.queued,
  }));
  metrics.gauge('broadsheet_media_pool_slots', 'Image decoding slots (MEDIA_CONCURRENCY).', () => pool.concurrency);
  metrics.gauge('broadsheet_media_pool_queue_limit', 'Jobs that may wait for a slot before more are refused (MEDIA_QUEUE).', () => pool.maxQueue);
  const decisions = new Counter<'outcome' | 'decided_by'>({
    name: 'broadsheet_comment_decisions_total',
    help: 'Comment decisions: outcome="accepted", "held" or "rejected"; decided_by="rules" (on posting: the site’s rules and spam filter) or "moderator".',
    labelNames: ['outcome', 'decided_by'],
    registers: [metrics.registry],
  });
  for (const outcome of ['accepted', 'held', 'rejected']) for (const by of ['rules', 'moderator']) decisions.labels(outcome, by).inc(0);
  return services.commentSignals.on('decided', (comment, by) => {
    const outcome = OUTCOME[comment.status];
    if (outcome) decisions.labels(outcome, by).inc();
  });
}

/**
 * Every answer Fastify gives carries the request's id (error answers too: the
 * error responder sets it again for those made before any hook runs); every
 * answer is counted; /metrics is served when METRICS_TOKEN is set. First of
 * the app's hooks, so a request refused by a later one has its id.
 */
export function installObservability(app: FastifyInstance, observability: Observability, config: Config, watched: Watched): void {
  app.addHook('onRequest', (req, reply, done) => {
    reply.header(REQUEST_ID_HEADER, req.id);
    done();
  });
  const { metrics } = observability;
  if (!metrics) return;
  app.addHook('onResponse', (req, reply, done) => {
    metrics.answered(req.method, req.routeOptions.url, reply.statusCode, reply.elapsedTime / 1000, reply.getHeader('x-cache'));
    done();
  });
  const unwatch = watch(metrics, watched);
  app.addHook('onClose', async () => unwatch());
  if (config.metricsToken) installMetricsRoute(app, config.metricsToken, observability.exposition);
}

/** What the page-cache fast path tells: each hit's id, its line in the access log (as Fastify logs the others), its count. */
export function fastPathObservers(app: FastifyInstance, { requestId, metrics }: Observability): Pick<FastPathOptions, 'requestId' | 'onHit'> {
  // The logger's own level: a test or an embedder may hand the app a logger of its own.
  const log = ['info', 'debug', 'trace'].includes(app.log.level);
  if (!log && !metrics) return { requestId };
  return {
    requestId,
    onHit: (req, statusCode, reqId, startedAt) => {
      metrics?.fastHit(req.method === 'HEAD' ? 'HEAD' : 'GET', statusCode, (performance.now() - startedAt) / 1000);
      if (log) app.log.info({ reqId, req: { method: req.method, url: req.url, remoteAddress: req.socket.remoteAddress }, res: { statusCode }, cache: 'hit' }, 'request completed');
    },
  };
}
