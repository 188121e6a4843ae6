import http from 'node:http';
import type { FastifyInstance } from 'fastify';
import { bearerMatches, METRICS_CONTENT_TYPE } from './metrics.js';

/*
 * Where Prometheus reads the metrics (docs/operations.md, "Metrics"): either
 * /metrics on the site's own port, answered only to `Authorization: Bearer
 * METRICS_TOKEN`, or /metrics on METRICS_ADDRESS, a listener of its own on
 * an address the public cannot reach, answered to anyone who can. Without
 * METRICS_TOKEN the site's /metrics is a page like any missing one.
 */

/** The metrics as text; rejects when they cannot be gathered (a worker not answering the primary). */
export type Exposition = () => Promise<string>;

/** /metrics on the site's port, for requests bearing the token. */
export function installMetricsRoute(app: FastifyInstance, token: string, exposition: Exposition): void {
  // Prometheus asks every few seconds: its requests are not logged one by one.
  app.get('/metrics', { schema: { hide: true }, logLevel: 'warn' }, async (req, reply) => {
    reply.header('cache-control', 'no-store');
    if (!bearerMatches(req.headers.authorization, token)) {
      reply.header('www-authenticate', 'Bearer realm="metrics"');
      return reply
        .code(401)
        .type('application/json; charset=utf-8')
        .send({ error: { code: 'unauthorized', message: 'Metrics need Authorization: Bearer with the METRICS_TOKEN the server was started with.' } });
    }
    let text: string;
    try {
      text = await exposition();
    } catch (err) {
      // Under --workers: a worker that did not answer the primary in time (one starting up). The next scrape counts it.
      req.log.warn({ err }, 'gathering the metrics failed');
      return reply
        .code(503)
        .type('application/json; charset=utf-8')
        .send({ error: { code: 'unavailable', message: 'The metrics could not be gathered just now; try again.' } });
    }
    return reply.type(METRICS_CONTENT_TYPE).send(text);
  });
}

/** Answer GET /metrics on a plain server of its own; anything else is 404. */
function answerMetrics(exposition: Exposition, onError: (err: unknown) => void): http.RequestListener {
  return (req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end('Only /metrics is served here.\n');
      return;
    }
    exposition().then(
      (text) => res.writeHead(200, { 'content-type': METRICS_CONTENT_TYPE, 'cache-control': 'no-store' }).end(req.method === 'HEAD' ? undefined : text),
      (err: unknown) => {
        onError(err);
        res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end('The metrics could not be gathered just now; try again.\n');
      },
    );
  };
}

/** The METRICS_ADDRESS listener. Resolves once it listens; rejects with the listen error (EADDRINUSE…). */
export function listenForMetrics(address: { host: string; port: number }, exposition: Exposition, onError: (err: unknown) => void): Promise<http.Server> {
  const server = http.createServer(answerMetrics(exposition, onError));
  server.keepAliveTimeout = 5_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/** Close a metrics listener, its idle keep-alive connections too. */
export function closeMetricsListener(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
