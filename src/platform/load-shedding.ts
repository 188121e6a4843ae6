import underPressure from '@fastify/under-pressure';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/*
 * Load shedding: when the process is past what it can answer in good time,
 * a request is answered at once with 503, Retry-After and the usual error
 * body, rather than queued behind the others until every request is late and
 * memory grows. Two signals (docs/operations.md#under-overload):
 *  - pressure, sampled every 250 ms: how late a timer of the event loop
 *    fired (SHED_MAX_EVENT_LOOP_DELAY_MS, measured here), and, through
 *    @fastify/under-pressure, resident memory (SHED_MAX_RSS_MB) and heap
 *    (SHED_MAX_HEAP_MB). The plugin's own event-loop figure is not used: it
 *    is the mean of a histogram that, under a steady load of requests, can
 *    hold no sample for a whole interval, which the plugin reports as an
 *    infinite delay, and shed every request from then on;
 *  - the requests this process is answering at this moment, counted from
 *    when their body has arrived (SHED_MAX_IN_FLIGHT): it reacts within one
 *    request, before the sampled figures do, and bounds how long an admitted
 *    request waits behind the others.
 * Never shed: /healthz (the process is alive, and a restart would not help),
 * /readyz (which says "not ready" while shedding, so a load balancer moves
 * traffic away), and /assets/ (small immutable files the admitted pages need).
 * Page-cache hits are answered before Fastify (page-cache-fast-path.ts) and
 * never reach this. Live streams are not counted in flight (they have their
 * own caps in live.routes.ts); they are shed like pages while under pressure,
 * and the page's script tries again later, waiting longer each time.
 */

export interface SheddingConfig {
  /** Shed while the event loop's last timer fired more than this many ms late; 0 turns it off. */
  maxEventLoopDelayMs: number;
  /** Shed while resident memory is over this many MB; 0 turns it off. */
  maxRssMb: number;
  /** Shed while the V8 heap in use is over this many MB; 0 turns it off. */
  maxHeapMb: number;
  /** Shed a request (once its body has arrived) while this many are being answered already; 0 turns it off. */
  maxInFlight: number;
}

/**
 * The event-loop limit is half a second: a process at its capacity with many
 * short requests at once (32 searches of 15 ms, say) already runs its timers
 * a few hundred milliseconds late by queueing alone, and is answering them in
 * good time; past half a second it is not. The in-flight cap bounds the
 * requests being answered.
 */
export const DEFAULT_SHEDDING: Readonly<SheddingConfig> = Object.freeze({ maxEventLoopDelayMs: 500, maxRssMb: 0, maxHeapMb: 0, maxInFlight: 64 });

/** What a shed request is told to wait before trying again. */
export const SHED_RETRY_AFTER_SECONDS = 5;

const MESSAGE = 'The site is very busy right now. Please try again in a few seconds.';

/** The answer to a shed request as a page: small and fixed, so it costs no query and no rendering. */
const HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Busy — please try again</title></head>
<body><main><h1>Busy</h1><p>${MESSAGE}</p></main></body></html>
`;

export interface SheddingOptions {
  config: SheddingConfig;
  /** How often pressure is sampled, in ms (250: a decision to shed lasts until the next sample, so a long one sheds far more than the excess). */
  sampleIntervalMs?: number;
  /** Another signal of overload, looked at every sample: shed while it answers true. */
  pressure?: () => boolean;
  /** At most one "shedding load" line per this many ms (1000). */
  logEveryMs?: number;
}

export interface Shedding {
  /** Why requests are being shed now, in a sentence; null when they are not. */
  reason(): string | null;
  /** Requests being answered now (live streams and never-shed paths not counted). */
  inFlight(): number;
}

const MB = 1024 * 1024;

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

const neverShed = (path: string) => path === '/healthz' || path === '/readyz' || path.startsWith('/assets/');
const isLive = (path: string) => path.startsWith('/live/');

function send(req: FastifyRequest, reply: FastifyReply): FastifyReply {
  reply.code(503).header('retry-after', String(SHED_RETRY_AFTER_SECONDS)).header('cache-control', 'no-store');
  const accept = req.headers.accept;
  const html = !req.url.startsWith('/api/') && (!accept || accept.includes('text/html') || accept.includes('*/*'));
  if (html) return reply.type('text/html; charset=utf-8').send(HTML);
  return reply.type('application/json; charset=utf-8').send({ error: { code: 'overloaded', message: MESSAGE } });
}

/** One warning a second at most while shedding, with how many requests were shed since the last one. */
function throttledLog(log: () => FastifyBaseLogger, everyMs: number) {
  let shed = 0;
  let lastAt = 0;
  return (reason: string) => {
    shed++;
    const now = Date.now();
    if (now - lastAt < everyMs) return;
    log().warn({ shed, reason }, 'shedding load: answering 503 with Retry-After');
    shed = 0;
    lastAt = now;
  };
}

/**
 * How late the event loop ran a timer due every `intervalMs`, at its last
 * run: the time the loop was busy with other work when it was due.
 */
function eventLoopLag(intervalMs: number): { ms(): number; stop(): void } {
  let last = performance.now();
  let late = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    late = Math.max(0, now - last - intervalMs);
    last = now;
  }, intervalMs);
  timer.unref();
  return { ms: () => late, stop: () => clearInterval(timer) };
}

/** Register before the hooks that cost something (sessions, rate limits) and after the security headers. */
export async function installLoadShedding(app: FastifyInstance, { config, sampleIntervalMs = 250, pressure, logEveryMs = 1000 }: SheddingOptions): Promise<Shedding> {
  await app.register(underPressure, {
    maxRssBytes: config.maxRssMb * MB,
    maxHeapUsedBytes: config.maxHeapMb * MB,
    sampleInterval: sampleIntervalMs,
    ...(pressure ? { healthCheck: async () => !pressure(), healthCheckInterval: sampleIntervalMs } : {}),
    // The plugin only samples; the decision, its exceptions and its answer are below.
    pressureHandler: () => undefined,
  });
  let inFlight = 0;
  // The first samples measure the start itself (loading code, migrating, building the app), not load.
  let settledAt = Number.POSITIVE_INFINITY;
  app.addHook('onReady', async () => {
    settledAt = Date.now() + 2 * sampleIntervalMs;
  });
  const lag = config.maxEventLoopDelayMs > 0 ? eventLoopLag(sampleIntervalMs) : undefined;
  if (lag) app.addHook('onClose', async () => lag.stop());

  const atLimit = () => `${inFlight} requests in flight, at SHED_MAX_IN_FLIGHT (${config.maxInFlight})`;
  const pressured = (): string | null => {
    if (Date.now() < settledAt) return null;
    const late = lag?.ms() ?? 0;
    if (late > config.maxEventLoopDelayMs && config.maxEventLoopDelayMs > 0) {
      return `the event loop is delayed ${Math.round(late)} ms, over SHED_MAX_EVENT_LOOP_DELAY_MS (${config.maxEventLoopDelayMs})`;
    }
    if (!app.isUnderPressure()) return null;
    const m = app.memoryUsage();
    if (config.maxRssMb > 0 && m.rssBytes > config.maxRssMb * MB) return `resident memory is ${Math.round(m.rssBytes / MB)} MB, over SHED_MAX_RSS_MB (${config.maxRssMb})`;
    if (config.maxHeapMb > 0 && m.heapUsed > config.maxHeapMb * MB) return `the heap is ${Math.round(m.heapUsed / MB)} MB, over SHED_MAX_HEAP_MB (${config.maxHeapMb})`;
    return 'the process reports itself overloaded';
  };
  const reason = (): string | null => pressured() ?? (config.maxInFlight > 0 && inFlight >= config.maxInFlight ? atLimit() : null);
  const logShed = throttledLog(() => app.log, logEveryMs);

  // Pressure turns a request away before anything is spent on it.
  app.addHook('onRequest', (req, reply, done) => {
    if (neverShed(pathOf(req.url))) return done();
    const why = pressured();
    if (why === null) return done();
    logShed(why);
    send(req, reply);
  });
  // The in-flight limit counts from when the body has arrived: a client sending its body slowly holds no place.
  app.addHook('preHandler', (req, reply, done) => {
    const path = pathOf(req.url);
    if (neverShed(path) || isLive(path) || config.maxInFlight === 0) return done();
    if (inFlight >= config.maxInFlight) {
      logShed(atLimit());
      send(req, reply);
      return;
    }
    inFlight++;
    // 'close' comes once, whether the answer was sent in full or the client went away.
    reply.raw.once('close', () => inFlight--);
    done();
  });

  return { reason, inFlight: () => inFlight };
}
