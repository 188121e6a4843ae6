import type { FastifyInstance } from 'fastify';
import type { Readiness } from './readiness.js';

/*
 * /healthz: the process is alive and answering (no database, no disk; a
 * restart is the cure when it stops). /readyz: the process can serve the site
 * now (readiness.ts); a load balancer sends traffic only while it answers 200.
 * Neither is page-cached, rate limited or kept by any cache on the way.
 */
export function installHealthRoutes(app: FastifyInstance, readiness: Readiness, shedding: () => string | null = () => null): void {
  // A load balancer asks every few seconds: its requests are not logged one by one (readiness changes are, in app.ts).
  const route = { schema: { hide: true }, logLevel: 'warn' } as const;
  app.get('/healthz', route, async (_req, reply) => {
    reply.header('cache-control', 'no-store');
    return { status: 'ok' };
  });

  app.get('/readyz', route, async (_req, reply) => {
    const report = await readiness.report();
    // A process shedding load (load-shedding.ts) is not ready either: the load balancer should send the traffic elsewhere.
    const load = shedding();
    const failed = load === null ? report.failed : [...report.failed, { check: 'load', reason: `shedding load: ${load}` }];
    const ready = failed.length === 0;
    reply.header('cache-control', 'no-store');
    reply.code(ready ? 200 : 503);
    return { status: ready ? 'ready' : 'not ready', checks: report.checks, ...(ready ? {} : { failed }) };
  });
}
