import crypto from 'node:crypto';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/*
 * Prometheus metrics (docs/operations.md, "Metrics"). Each app has a registry
 * of its own (tests build many apps in one process); the process's own
 * metrics (CPU, memory, event loop, garbage collection) are collected once
 * per process and shown with every app's. Labels take bounded values only:
 * route patterns, never URLs; status classes; fixed outcome names. Nothing
 * that names a person, an address or a token is ever a label.
 */

/** The Content-Type of the text exposition format. */
export const METRICS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

/** The route label of page-cache hits answered before routing (page-cache-fast-path.ts). */
export const FAST_PATH_ROUTE = 'page-cache-hit';

/** The route label of requests that matched no route (404s for unknown addresses, malformed URLs). */
export const UNMATCHED_ROUTE = 'unmatched';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Seconds: from a quick cache hit to a slow upload. */
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

let processRegistry: Registry | undefined;

/** The process's own metrics, collected once per process. */
export function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** "2xx" for 204, and so on. */
export const statusClass = (status: number): string => (status >= 100 && status < 600 ? `${Math.floor(status / 100)}xx` : 'other');

type Labels = 'method' | 'route' | 'status';

export class Metrics {
  readonly registry = new Registry();
  readonly #requests = new Counter<Labels>({
    name: 'broadsheet_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status class.',
    labelNames: ['method', 'route', 'status'],
    registers: [this.registry],
  });
  readonly #duration = new Histogram<Labels>({
    name: 'broadsheet_http_request_duration_seconds',
    help: 'Time from a request’s arrival to its answer, by method, route pattern and status class.',
    labelNames: ['method', 'route', 'status'],
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });
  readonly #cache = new Counter<'result'>({
    name: 'broadsheet_page_cache_requests_total',
    help: 'Requests for cacheable pages: result="hit" (answered from the page cache) or "miss" (rendered, then stored).',
    labelNames: ['result'],
    registers: [this.registry],
  });
  /** Fast-path hits, made once: a hit allocates no label objects. */
  readonly #fastHit: Record<'GET' | 'HEAD', Record<200 | 304, { requests: Counter.Internal; duration: Histogram.Internal<Labels> }>>;
  readonly #cacheHit = this.#cache.labels('hit');
  readonly #cacheMiss = this.#cache.labels('miss');

  constructor() {
    const child = (method: string, status: number) => {
      const labels = { method, route: FAST_PATH_ROUTE, status: statusClass(status) };
      return { requests: this.#requests.labels(labels), duration: this.#duration.labels(labels) };
    };
    this.#fastHit = { GET: { 200: child('GET', 200), 304: child('GET', 304) }, HEAD: { 200: child('HEAD', 200), 304: child('HEAD', 304) } };
  }

  /** A request Fastify answered. `cache` is its X-Cache header, if any. */
  answered(method: string, route: string | undefined, status: number, seconds: number, cache: unknown): void {
    const labels = { method: METHODS.has(method) ? method : 'OTHER', route: route ?? UNMATCHED_ROUTE, status: statusClass(status) };
    this.#requests.inc(labels);
    this.#duration.observe(labels, seconds);
    if (cache === 'hit') this.#cacheHit.inc();
    else if (cache === 'miss') this.#cacheMiss.inc();
  }

  /** A page-cache hit answered before routing. */
  fastHit(method: 'GET' | 'HEAD', status: 200 | 304, seconds: number): void {
    const c = this.#fastHit[method][status];
    c.requests.inc();
    c.duration.observe(seconds);
    this.#cacheHit.inc();
  }

  /** A value read when metrics are asked for (a cache's size, open streams, a queue's length). */
  gauge(name: string, help: string, read: () => number): void {
    new Gauge({
      name,
      help,
      registers: [this.registry],
      collect() {
        this.set(read());
      },
    });
  }

  /** A gauge with one label, each value read when metrics are asked for. */
  labelledGauge<L extends string>(name: string, help: string, label: L, read: () => Record<string, number>): void {
    new Gauge<L>({
      name,
      help,
      labelNames: [label],
      registers: [this.registry],
      collect() {
        for (const [value, n] of Object.entries(read())) this.set({ [label]: value } as Partial<Record<L, string>>, n);
      },
    });
  }

  /** The registries to show: this app's and the process's. */
  registries(): Registry[] {
    return [this.registry, processMetrics()];
  }

  /** Everything, in the text exposition format. */
  async text(): Promise<string> {
    return (await Promise.all(this.registries().map((r) => r.metrics()))).join('\n');
  }
}

/** Whether an Authorization header carries `Bearer <token>`, compared in constant time. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  if (typeof header !== 'string') return false;
  const m = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  // Hashing first gives equal lengths, so the comparison's time says nothing about the token.
  const given = crypto
    .createHash('sha256')
    .update(m?.[1] ?? '')
    .digest();
  const wanted = crypto.createHash('sha256').update(token).digest();
  return crypto.timingSafeEqual(given, wanted) && m !== null;
}
