import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import type { VNode } from 'preact';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Config } from './config.js';
import { announceSetupCode } from './modules/accounts/setup-code-notice.js';
import { adminRoutes } from './modules/admin/admin.routes.js';
import { installReaderSession } from './modules/readers/readers.request.js';
import { readerRoutes } from './modules/readers/readers.routes.js';
import { apiRoutes } from './modules/api/api.routes.js';
import { registerApiDocs, serveApiDocs } from './modules/api/api.docs.js';
import { articleRoutes } from './modules/articles/articles.routes.js';
import { commentRoutes } from './modules/comments/comments.routes.js';
import { notificationRoutes } from './modules/comments/notifications.routes.js';
import { createLiveHub, type LiveHub } from './modules/comments/live.hub.js';
import { liveRoutes } from './modules/comments/live.routes.js';
import { authorRoutes } from './modules/authors/authors.routes.js';
import { searchRoutes } from './modules/search/search.routes.js';
import { sectionRoutes } from './modules/sections/sections.routes.js';
import { feedRoutes } from './modules/feeds/feeds.routes.js';
import { loadChrome } from './modules/site/site.chrome.js';
import { siteRoutes } from './modules/site/site.routes.js';
import { siteImageRoutes } from './modules/site/site.images.routes.js';
import { mediaPreviewRoutes } from './modules/media/media.previews.routes.js';
import { sitemapRoutes } from './modules/sitemaps/sitemaps.routes.js';
import { redirectFallback } from './modules/redirects/redirects.routes.js';
import { fastifyTrustProxy } from './platform/client-address.js';
import { type Clock, systemClock } from './platform/clock.js';
import type { DatabaseHandle } from './platform/db/database.js';
import { createErrorResponder, type ErrorResponder } from './platform/http.js';
import { createMailer, type Mailer } from './platform/mailer.js';
import { installPageCache, PageCache } from './platform/page-cache.js';
import { hitFirstServer, pageCacheFastPath } from './platform/page-cache-fast-path.js';
import { createPurger, keysFor } from './platform/cdn.js';
import { type ChangeFeed, startChangeFeed } from './platform/pg-notify.js';
import { createServices, type Services } from './services.js';
import type { ArticleCard } from './modules/articles/articles.service.js';
import type { Chrome } from './views/chrome.js';
import { ErrorPage } from './views/error-page.js';
import { renderDocument } from './views/render.js';
import { cookieDefaults, READER_COOKIE, STAFF_SESSION_COOKIE } from './platform/cookies.js';
import { installCsrf } from './platform/csrf.js';
import { installRateLimits } from './platform/rate-limit.js';
import { type Channel, connectChangesOverIpc, ipcRateCounter } from './platform/cluster-ipc.js';
import type { RateCounter } from './platform/rate-limit-store.js';
import { databaseRateCounter } from './platform/rate-limit.database.js';
import { installCompression } from './platform/compression.js';
import { installSecurityHeaders, securityHeaders, securityHeadersFor } from './platform/security-headers.js';
import { installHealthRoutes } from './platform/health.js';
import { createReadiness } from './platform/readiness.js';
import { installRequestGuard } from './platform/request-guard.js';
import { createObservability, fastPathObservers, installObservability, watchMail } from './observability.js';
import type { Metrics } from './platform/metrics.js';
import { DEFAULT_SHEDDING, installLoadShedding, type Shedding } from './platform/load-shedding.js';

export interface BuildOptions {
  config: Config;
  database: DatabaseHandle;
  clock?: Clock;
  /** Fastify logger option; defaults to pino at the configured level. */
  logger?: FastifyServerOptions['logger'];
  /** Sends email; defaults to SMTP_URL, or the outbox folder without it. */
  mailer?: Mailer;
  /** Live updates on open article pages: how often other processes' changes are looked for, heartbeats, limits. */
  live?: { pollMs?: number; heartbeatMs?: number; maxListeners?: number; maxPerAddress?: number };
  /**
   * Set in a worker of `serve --workers N`: the channel to the primary process (cluster-ipc.ts), and whether this
   * is the one worker that does the site's housekeeping and says once in the log what a new site needs (its setup code).
   */
  worker?: { channel: Channel; housekeeping?: boolean };
  /** How long a /readyz result is reused (1000 ms by default; tests that change the world between requests use 0). */
  readiness?: { cacheMs?: number };
  /** How often load is sampled (1000 ms), and another signal of overload (tests use it to shed on cue). */
  shedding?: { sampleIntervalMs?: number; pressure?: () => boolean };
}

export interface App extends FastifyInstance {
  services: Services;
  pageCache: PageCache;
  /** The open article pages' live streams in this process. */
  live: LiveHub;
  /** On PostgreSQL, the connection that tells other processes of this one's changes and this one of theirs; null on SQLite. */
  changeFeed: ChangeFeed | null;
  /** This process's metrics; null when shown nowhere (neither METRICS_TOKEN nor METRICS_ADDRESS). */
  metrics: Metrics | null;
}

/** How many of the latest stories the 404 page offers. */
const ERROR_PAGE_LATEST = 5;

/**
 * The latest stories a 404 page offers, read once and kept like a cached page
 * (dropped on any content change, and after the page cache's lifetime, so a
 * scheduled story appears): a stranger asking for missing pages costs no query each.
 */
function errorPageLatest(services: Services, clock: Clock, ttlMs: number): () => Promise<ArticleCard[]> {
  let kept: { until: number; cards: Promise<ArticleCard[]> } | null = null;
  services.events.onChange(() => {
    kept = null;
  });
  return () => {
    const now = clock.now().getTime();
    if (!kept || now >= kept.until) {
      const cards = services.articles.latest(ERROR_PAGE_LATEST).catch(() => {
        kept = null;
        return [];
      });
      kept = { until: now + ttlMs, cards };
    }
    return kept.cards;
  };
}

/** The errors behind failed readiness checks, as text for the log (pino writes nested errors as {}). */
function describeCauses(errors: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([check, err]) => [check, err instanceof Error ? `${(err as NodeJS.ErrnoException).code ?? err.name}: ${err.message}` : String(err)]));
}

/** Where the project's static files live, whether running from src/ or dist/. */
export const PUBLIC_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'public');

/** A short hash of the stylesheets and scripts, appended to their URLs so browsers may cache them for a year. */
function assetVersion(): string {
  const hash = crypto.createHash('sha256');
  for (const file of ['site.css', 'admin.css', 'editor.js', 'comments.js', 'live.js', 'moderation.js', 'passkeys.js', 'media-picker.js', 'copy.js', 'share.js', 'account-header.js']) {
    try {
      hash.update(fs.readFileSync(path.join(PUBLIC_DIR, 'assets', file)));
    } catch {
      hash.update(file);
    }
  }
  return hash.digest('hex').slice(0, 10);
}

/** On PostgreSQL, other processes on the same database hear of this one's changes at once, and this one of theirs. */
function startChangeFeedFor(config: Config, database: DatabaseHandle, services: Services, log: () => FastifyBaseLogger): Promise<ChangeFeed | null> {
  if (database.dialect !== 'postgres') return Promise.resolve(null);
  return startChangeFeed({
    url: config.database.url,
    schema: config.database.schema,
    db: database.db,
    events: services.events,
    onError: (err, what) => log().error({ err }, `${what} failed`),
    onReconnect: () => log().warn('listening for other processes’ changes again; cached pages and settings dropped'),
  });
}

/**
 * Connect to the other processes: on PostgreSQL through LISTEN/NOTIFY
 * (app.changeFeed), which already reaches every worker and machine; on SQLite
 * in a worker, through the primary process. With PURGE_URL set, send the CDN
 * the keys of the pages this process's changes affect.
 */
async function announceChanges(app: App, config: Config, database: DatabaseHandle, services: Services, worker: BuildOptions['worker']): Promise<void> {
  const changeFeed = await startChangeFeedFor(config, database, services, () => app.log);
  app.decorate('changeFeed', changeFeed);
  app.addHook('onClose', async () => changeFeed?.close());
  if (worker && database.dialect === 'sqlite') {
    // Before the caches drop what they hold: a page built after this must not come from an older snapshot.
    const offFresh = services.events.onChange((change) => {
      if (change.remote) database.freshReads();
    });
    const disconnect = connectChangesOverIpc(services.events, worker.channel);
    app.addHook('onClose', async () => {
      disconnect();
      offFresh();
    });
  }
  // Each process purges for its own changes only.
  if (!config.purgeUrl) return;
  const purger = createPurger({ url: config.purgeUrl, onError: (err, where) => app.log.error({ err, where }, 'purging the CDN failed') });
  const off = services.events.onChange((change) => {
    if (!change.remote) purger.purge(keysFor(change));
  });
  app.addHook('onClose', async () => {
    off();
    await purger.settled();
  });
}

/**
 * Build the application: platform plugins, then the modules. Never listens,
 * so tests drive it with inject() or a port of their choosing.
 */
/**
 * Where rate-limit counts are kept: on PostgreSQL in the database, shared by
 * every process on every machine; on SQLite in this process alone, or, in a
 * worker, by the primary for all the workers.
 */
function rateCounterFor(app: App, database: DatabaseHandle, worker: BuildOptions['worker']): RateCounter | undefined {
  if (database.dialect === 'postgres') return databaseRateCounter(database.db, Date.now, (err) => app.log.error({ err }, 'pruning rate-limit counts failed'));
  if (!worker) return undefined;
  const counter = ipcRateCounter(worker.channel);
  app.addHook('onClose', async () => counter.close());
  return counter;
}

/** Rendered public pages, dropped on every change (and at the next scheduled publication, whatever the time limit). */
function newPageCache(config: Config, clock: Clock, services: Services): PageCache {
  const pageCache = new PageCache(clock, {
    ttlMs: config.pageCacheSeconds * 1000,
    maxEntries: 500,
    horizon: () => services.articles.nextScheduledAt(),
    personalCookies: [STAFF_SESSION_COOKIE, READER_COOKIE],
  });
  services.events.onChange(() => pageCache.clear());
  return pageCache;
}

/** /healthz, and /readyz with its checks, logging each change between ready and not. */
function installProbes(app: App, config: Config, database: DatabaseHandle, shedding: Shedding, readinessOptions: BuildOptions['readiness'] = {}): void {
  installHealthRoutes(
    app,
    createReadiness({
      db: database.db,
      schema: config.database.schema,
      dataDir: config.dataDir,
      minFreeMb: config.readyMinFreeMb,
      ...readinessOptions,
      onChange: (report, errors) => {
        if (report.ready) app.log.info('ready: the database, its migrations and DATA_DIR all pass their checks');
        else app.log.warn({ failed: report.failed, causes: describeCauses(errors) }, 'not ready: /readyz answers 503');
      },
    }),
    shedding.reason,
  );
}

/** The site's error answers: JSON, or its error page (a 5xx's quoting the request's id). */
function siteErrors(services: Services, clock: Clock, config: Config, chrome: () => Promise<Chrome>): ErrorResponder {
  const latestForErrors = errorPageLatest(services, clock, config.pageCacheSeconds * 1000);
  return createErrorResponder(async (status, message, requestId) => {
    // A missing page offers search and the latest stories; if they cannot be loaded, it goes without them.
    const latest = status === 404 ? await latestForErrors() : [];
    return renderDocument(ErrorPage({ chrome: await chrome(), status, message, latest, requestId }) as VNode);
  });
}

/** The services' work in the background: started with the app, finished before the database closes. */
function backgroundWork(app: App, services: Services): void {
  // Stop reacting to comments, then let emails already on their way finish before the database closes.
  app.addHook('onClose', async () => {
    services.notifier.close();
    await services.notifier.settled();
    services.search.close();
    await services.search.settled();
  });
  // Index whatever the search index lacks (a new installation, changes made while no process listened), in the background.
  services.search.catchUp().catch((err) => app.log.error({ err }, 'search index: catching up failed'));
}

export async function buildApp({
  config,
  database,
  clock = systemClock,
  logger,
  mailer,
  live: liveOptions = {},
  worker,
  readiness: readinessOptions = {},
  shedding: sheddingOptions = {},
}: BuildOptions): Promise<App> {
  // Request ids in every answer and log line; metrics when METRICS_TOKEN or METRICS_ADDRESS says where to show them.
  const observability = createObservability(config, worker);
  const services = createServices(database.db, clock, undefined, {
    mailer: watchMail(observability.metrics, mailer ?? createMailer(config)),
    siteUrl: config.siteUrl,
    dataDir: config.dataDir,
    ...(config.media ? { media: config.media } : {}),
    // Email notifications log through the app's logger, which exists once Fastify is built below.
    log: { info: (obj, msg) => app.log.info(obj, msg), error: (obj, msg) => app.log.error(obj, msg) },
  });
  const version = assetVersion();
  const chrome = () => loadChrome(services, config.siteUrl, version);
  const errors = siteErrors(services, clock, config, chrome);
  const pageCache = newPageCache(config, clock, services);
  // Media files and their link previews are made to be shown anywhere: a CDN in front or another site may embed them.
  const securityOptions = { https: config.siteUrl.startsWith('https:'), crossOriginPrefixes: ['/media/'] };
  const headersFor = securityHeadersFor(securityOptions);

  // Page-cache hits are answered before Fastify sees the request (page-cache-fast-path.ts); everything else goes on to it.
  const hitsFirst = hitFirstServer();
  const app = Fastify({
    genReqId: observability.requestId,
    serverFactory: hitsFirst.serverFactory,
    logger: logger ?? (config.logLevel === 'silent' ? false : { level: config.logLevel, redact: ['req.headers.cookie', 'req.headers.authorization'] }),
    trustProxy: fastifyTrustProxy(config.trustProxy),
    bodyLimit: 1024 * 1024,
    // Slugs are at most 200 characters; longer path segments are not ours.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // Malformed URLs and over-long parameters get the same answers as any other error, and the same headers (no hook has run).
    frameworkErrors: (err, req, reply) => {
      observability.unrouted(req, reply);
      void errors.handle(err, req, reply.headers(headersFor(req.url)));
    },
    // While closing, requests on connections already open are answered (with Connection: close), not refused: see graceful-close.ts.
    return503OnClosing: false,
  }) as unknown as App;

  app.decorate('services', services);
  app.decorate('pageCache', pageCache);
  const live = createLiveHub({
    clock,
    signals: services.commentSignals,
    events: services.events,
    comments: services.comments,
    articles: services.articles,
    settings: services.settings,
    ...(liveOptions.pollMs !== undefined ? { pollMs: liveOptions.pollMs } : {}),
    onError: (err) => app.log.error({ err }, 'live updates failed'),
  });
  app.decorate('live', live);
  app.decorate('metrics', observability.metrics);
  app.addHook('onClose', async () => observability.close());
  // Other processes on PostgreSQL, and a CDN in front when PURGE_URL is set, hear of this process's changes.
  await announceChanges(app, config, database, services, worker);
  // Before the server closes: open streams would otherwise keep it waiting for ever.
  app.addHook('preClose', () => live.close());
  backgroundWork(app, services);
  // Under --workers, one worker tells a site without an admin how to make one.
  if (!worker || worker.housekeeping) announceSetupCode(app, services.accounts, config.siteUrl);
  // A page not found may be an old address (an imported WordPress permalink) that leads somewhere now.
  const redirected = redirectFallback(services.redirects);
  app.setErrorHandler(async (err, req, reply) => ((await redirected(err, req, reply)) ? reply : errors.handle(err, req, reply)));
  app.setNotFoundHandler(async (req, reply) => ((await redirected(null, req, reply)) ? reply : errors.notFound(req, reply)));

  // Each request reads what was committed before it arrived, by whichever process (sqlite-read-batch.ts).
  app.addHook('onRequest', (_req, _reply, done) => {
    database.freshReads();
    done();
  });
  // First: every answer carries its request id, and is counted.
  installObservability(app, observability, config, { services, pageCache, live });
  // Before the other hooks, so that every answer carries the headers, refusals by the guard below included.
  installSecurityHeaders(app, securityOptions);
  // Before every other hook and route: text no field may hold, and numbers that are not plain digits, are refused here.
  installRequestGuard(app);
  // Under overload, 503 at once (with the security headers), before sessions, rate limits or rendering cost anything.
  const shedding = await installLoadShedding(app, { config: config.shedding ?? DEFAULT_SHEDDING, ...sheddingOptions });

  // Cookies (sessions, CSRF) and HTML forms are used by public pages and the admin alike.
  await app.register(cookie, { parseOptions: cookieDefaults(config.siteUrl) });
  installCsrf(app, () => services.settings.secret());
  await installRateLimits(app, rateCounterFor(app, database, worker));
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  // Every request knows its signed-in reader (req.reader); requests without the cookie cost no query.
  installReaderSession(app, services);

  // After the security headers, so pages served from the cache carry them too.
  installPageCache(app, pageCache);
  hitsFirst.answerWith(pageCacheFastPath(pageCache, { headers: securityHeaders({ https: config.siteUrl.startsWith('https:') }), ...fastPathObservers(app, observability) }));
  // After the page cache, whose answers already carry their compressed bytes.
  await installCompression(app);

  await app.register(fastifyStatic, {
    root: path.join(PUBLIC_DIR, 'assets'),
    prefix: '/assets/',
    maxAge: '365d',
    immutable: true,
  });
  await app.register(fastifyStatic, {
    root: path.join(config.dataDir, 'media'),
    prefix: '/media/',
    decorateReply: false,
    maxAge: '30d',
    allowedPath: (p) => !p.split('/').some((seg) => seg.startsWith('.')),
  });

  await registerApiDocs(app, config);

  await app.register(siteRoutes, { services, chrome });
  await app.register(articleRoutes, { services, chrome, clock });
  await app.register(commentRoutes, { services, chrome, clock });
  await app.register(sectionRoutes, { services, chrome });
  await app.register(authorRoutes, { services, chrome });
  await app.register(searchRoutes, { services, chrome });
  await app.register(feedRoutes, { feeds: services.feeds, clock });
  await app.register(readerRoutes, { services, chrome });
  await app.register(notificationRoutes, { services, chrome });
  await app.register(sitemapRoutes, { services, siteUrl: config.siteUrl });
  await app.register(siteImageRoutes, { services, siteUrl: config.siteUrl, faviconFile: path.join(PUBLIC_DIR, 'assets', 'favicon.svg') });
  await app.register(mediaPreviewRoutes, { previews: services.mediaPreviews });
  await app.register(liveRoutes, { hub: live, articles: services.articles, ...liveOptions });
  await app.register(apiRoutes, { prefix: '/api/v1', services, siteUrl: config.siteUrl });
  await app.register(adminRoutes, { prefix: '/admin', services, siteUrl: config.siteUrl, assetVersion: version });

  serveApiDocs(app);
  installProbes(app, config, database, shedding, readinessOptions);

  return app;
}
