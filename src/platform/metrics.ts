import crypto from 'node:crypto';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';

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

const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'];

/** "2xx" for 204, and so on (made once: no string is built per request). */
export const statusClass = (status: number): string => STATUS_CLASSES[Math.floor(status / 100) - 1] ?? 'other';

/** One series of answers (a method, a route, a status class): its count, total seconds and per-bucket counts. */
class Series {
  count = 0;
  sum = 0;
  /** Not cumulative: buckets[i] counts answers above bound i-1 and at most bound i; the last, above every bound. */
  readonly buckets = new Float64Array(DURATION_BUCKETS.length + 1);

  constructor(readonly labels: Readonly<Record<'method' | 'route' | 'status', string>>) {}

  observe(seconds: number): void {
    this.count++;
    this.sum += seconds;
    let i = 0;
    while (i < DURATION_BUCKETS.length && seconds > DURATION_BUCKETS[i]!) i++;
    this.buckets[i]!++;
  }
}

/** What prom-client's registries take: a name, a help text, a type and the values, read when asked. */
interface MetricValue {
  value: number;
  labels: Record<string, string | number>;
  metricName?: string;
}

function readOnScrape(registry: Registry, name: string, help: string, type: 'counter' | 'histogram', values: () => MetricValue[]): void {
  registry.registerMetric({ name, help, type, aggregator: 'sum', get: async () => ({ name, help, type, aggregator: 'sum', values: values() }) } as unknown as Parameters<
    Registry['registerMetric']
  >[0]);
}

/**
 * Requests by method, route pattern and status class, counted with plain
 * numbers (prom-client's own children hash their labels on every count): a
 * request costs a few map lookups, a page-cache hit on the fast path none.
 */
class RequestSeries {
  /** method → route → status class → series. */
  readonly #byMethod = new Map<string, Map<string, Map<string, Series>>>();

  series(method: string, route: string, status: string): Series {
    let routes = this.#byMethod.get(method);
    if (!routes) this.#byMethod.set(method, (routes = new Map()));
    let statuses = routes.get(route);
    if (!statuses) routes.set(route, (statuses = new Map()));
    let series = statuses.get(status);
    if (!series) statuses.set(status, (series = new Series({ method, route, status })));
    return series;
  }

  *all(): Iterable<Series> {
    for (const routes of this.#byMethod.values()) for (const statuses of routes.values()) yield* statuses.values();
  }

  register(registry: Registry): void {
    readOnScrape(registry, 'broadsheet_http_requests_total', 'HTTP requests answered, by method, route pattern and status class.', 'counter', () =>
      [...this.all()].map((s) => ({ value: s.count, labels: s.labels })),
    );
    readOnScrape(registry, 'broadsheet_http_request_duration_seconds', 'Time from a request’s arrival to its answer, by method, route pattern and status class.', 'histogram', () => {
      const name = 'broadsheet_http_request_duration_seconds';
      const out: MetricValue[] = [];
      for (const s of this.all()) {
        let cumulative = 0;
        DURATION_BUCKETS.forEach((le, i) => {
          cumulative += s.buckets[i]!;
          out.push({ value: cumulative, labels: { ...s.labels, le }, metricName: `${name}_bucket` });
        });
        out.push({ value: s.count, labels: { ...s.labels, le: '+Inf' }, metricName: `${name}_bucket` });
        out.push({ value: s.sum, labels: s.labels, metricName: `${name}_sum` }, { value: s.count, labels: s.labels, metricName: `${name}_count` });
      }
      return out;
    });
  }
}

export class Metrics {
  readonly registry = new Registry();
  readonly #requests = new RequestSeries();
  readonly #cache = { hit: 0, miss: 0 };
  /** The fast path's series, found once: a hit allocates nothing. */
  readonly #fastHit: Record<'GET' | 'HEAD', Record<200 | 304, Series>>;

  constructor() {
    this.#requests.register(this.registry);
    readOnScrape(
      this.registry,
      'broadsheet_page_cache_requests_total',
      'Requests for cacheable pages: result="hit" (answered from the page cache) or "miss" (rendered, then stored).',
      'counter',
      () => [
        { value: this.#cache.hit, labels: { result: 'hit' } },
        { value: this.#cache.miss, labels: { result: 'miss' } },
      ],
    );
    const fast = (method: 'GET' | 'HEAD') => ({ 200: this.#requests.series(method, FAST_PATH_ROUTE, '2xx'), 304: this.#requests.series(method, FAST_PATH_ROUTE, '3xx') });
    this.#fastHit = { GET: fast('GET'), HEAD: fast('HEAD') };
  }

  /** A request Fastify answered. `cache` is its X-Cache header, if any. */
  answered(method: string, route: string | undefined, status: number, seconds: number, cache: unknown): void {
    this.#requests.series(METHODS.has(method) ? method : 'OTHER', route ?? UNMATCHED_ROUTE, statusClass(status)).observe(seconds);
    if (cache === 'hit') this.#cache.hit++;
    else if (cache === 'miss') this.#cache.miss++;
  }

  /** A page-cache hit answered before routing. */
  fastHit(method: 'GET' | 'HEAD', status: 200 | 304, seconds: number): void {
    this.#fastHit[method][status].observe(seconds);
    this.#cache.hit++;
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
