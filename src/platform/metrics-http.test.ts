import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { closeMetricsListener, installMetricsRoute, listenForMetrics } from './metrics-http.js';

const TOKEN = 'a-metrics-token-0123456789';

describe('/metrics on the site’s port', () => {
  it('answers the text with the token, 401 without, 503 when the metrics cannot be gathered', async () => {
    let fail = false;
    const app = Fastify();
    installMetricsRoute(app, TOKEN, async () => {
      if (fail) throw new Error('a worker did not answer');
      return '# HELP x y\n';
    });
    const ask = (authorization?: string) => app.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} });
    expect((await ask(`Bearer ${TOKEN}`)).body).toBe('# HELP x y\n');
    expect((await ask()).statusCode).toBe(401);
    fail = true;
    const failed = await ask(`Bearer ${TOKEN}`);
    expect(failed.statusCode).toBe(503);
    expect(failed.json().error.message).toBe('The metrics could not be gathered just now; try again.');
    expect(failed.body).not.toContain('did not answer');
    await app.close();
  });
});

describe('the METRICS_ADDRESS listener', () => {
  it('answers /metrics only, and 503 when the metrics cannot be gathered', async () => {
    let fail = false;
    const errors: unknown[] = [];
    const server = await listenForMetrics(
      { host: '127.0.0.1', port: 0 },
      async () => {
        if (fail) throw new Error('a worker did not answer');
        return '# HELP x y\n';
      },
      (err) => errors.push(err),
    );
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const ok = await fetch(`${base}/metrics`);
      expect([ok.status, await ok.text()]).toEqual([200, '# HELP x y\n']);
      expect((await fetch(`${base}/metrics?x=1`)).status).toBe(200);
      expect((await fetch(`${base}/`)).status).toBe(404);
      expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(404);
      fail = true;
      expect((await fetch(`${base}/metrics`)).status).toBe(503);
      expect(errors).toHaveLength(1);
    } finally {
      await closeMetricsListener(server);
    }
  });
});
