import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, broadsheet, freePort, serve, type Serving } from '../helpers/cli.js';

/*
 * `broadsheet serve --workers 2` with METRICS_ADDRESS and METRICS_TOKEN: the
 * primary sums every worker's counts, on its own listener and for a worker
 * asked /metrics with the token, so Prometheus sees one server whichever
 * worker its request reaches.
 */

assertBuilt();

const TOKEN = 'metrics-token-for-cli-tests-0123456789';

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.setTimeout(20_000, () => req.destroy(new Error(`${url}: no answer within 20 s`)));
    req.end();
  });
}

/** The value of one sample in the text format. */
function sample(text: string, line: string): number | undefined {
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found === undefined ? undefined : Number(found.slice(line.length + 1));
}

const SECTIONS = 'broadsheet_http_requests_total{method="GET",route="/api/v1/sections",status="2xx"}';

async function waitFor(what: string, check: () => boolean, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('metrics under serve --workers 2', () => {
  let dir: string;
  let server: Serving;
  let metricsAt: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-metrics-'));
    const metricsPort = await freePort();
    metricsAt = `http://127.0.0.1:${metricsPort}/metrics`;
    server = await serve({ DATA_DIR: dir, METRICS_ADDRESS: `127.0.0.1:${metricsPort}`, METRICS_TOKEN: TOKEN }, ['--workers', '2']);
    await waitFor('both workers', () => server.stdout().includes('with 2 workers'));
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('sums every worker’s counts on METRICS_ADDRESS, and for a worker asked with the token', async () => {
    const before = sample((await get(metricsAt)).body, SECTIONS) ?? 0;
    // Each on a new connection: the cluster hands them round the workers.
    const answers = await Promise.all(Array.from({ length: 12 }, () => get(`${server.base}/api/v1/sections`)));
    expect(answers.map((a) => a.status)).toEqual(Array(12).fill(200));
    const ids = answers.map((a) => String(a.headers['x-request-id']));
    expect(new Set(ids).size).toBe(12);
    // Ids from two processes: two prefixes.
    expect(new Set(ids.map((id) => id.split('-')[0])).size).toBe(2);

    const summed = await get(metricsAt);
    expect(summed.status).toBe(200);
    expect(summed.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(sample(summed.body, SECTIONS)).toBe(before + 12);
    expect(summed.body).toContain('process_cpu_seconds_total');

    const viaWorker = await get(`${server.base}/metrics`, { authorization: `Bearer ${TOKEN}` });
    expect(viaWorker.status).toBe(200);
    expect(sample(viaWorker.body, SECTIONS)).toBe(before + 12);
    expect((await get(`${server.base}/metrics`)).status).toBe(401);
    expect((await get(metricsAt.replace('/metrics', '/'))).status).toBe(404);
  });
});

describe('METRICS_ADDRESS on a single process', () => {
  it('serves the metrics there, and refuses to start on an address in use, saying which', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-metrics-'));
    const metricsPort = await freePort();
    const server = await serve({ DATA_DIR: dir, METRICS_ADDRESS: `127.0.0.1:${metricsPort}` }, ['--workers', '1']);
    try {
      await get(`${server.base}/api/v1/sections`);
      const res = await get(`http://127.0.0.1:${metricsPort}/metrics`);
      expect(res.status).toBe(200);
      expect(sample(res.body, SECTIONS)).toBe(1);
      // Without METRICS_TOKEN the site's own /metrics is a missing page.
      expect((await get(`${server.base}/metrics`, { accept: 'application/json' })).status).toBe(404);
    } finally {
      await server.stop();
    }

    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const takenPort = (taken.address() as net.AddressInfo).port;
    try {
      for (const workers of ['1', '2']) {
        const run = await broadsheet(['serve', '--workers', workers], { DATA_DIR: dir, PORT: String(await freePort()), HOST: '127.0.0.1', METRICS_ADDRESS: `127.0.0.1:${takenPort}` });
        expect(run.code, run.stderr).toBe(1);
        expect(run.stderr).toContain(`METRICS_ADDRESS: cannot listen on 127.0.0.1:${takenPort} (EADDRINUSE)`);
      }
    } finally {
      taken.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
