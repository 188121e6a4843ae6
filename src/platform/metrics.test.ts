import { describe, expect, it } from 'vitest';
import { bearerMatches, Metrics, statusClass } from './metrics.js';

describe('the metrics token', () => {
  const token = 'a-token-of-some-length';

  it('matches only "Bearer <token>"', () => {
    expect(bearerMatches(`Bearer ${token}`, token)).toBe(true);
    expect(bearerMatches(`bearer ${token}`, token)).toBe(true);
    for (const bad of [undefined, '', token, `Basic ${token}`, `Bearer ${token}x`, `Bearer ${token.slice(1)}`, 'Bearer ', `Bearer ${token} extra`, `Bearer`]) {
      expect(bearerMatches(bad, token), String(bad)).toBe(false);
    }
  });
});

describe('request metrics', () => {
  it('label status classes and bounded methods, and routes only as given', async () => {
    expect([statusClass(200), statusClass(304), statusClass(404), statusClass(503), statusClass(0)]).toEqual(['2xx', '3xx', '4xx', '5xx', 'other']);
    const m = new Metrics();
    m.answered('GET', '/:slug', 200, 0.01, undefined);
    m.answered('BREW', undefined, 404, 0.001, undefined);
    m.answered('GET', '/:slug', 200, 0.002, 'hit');
    m.fastHit('HEAD', 304, 0.0001);
    const text = await m.registry.metrics();
    expect(text).toContain('broadsheet_http_requests_total{method="GET",route="/:slug",status="2xx"} 2');
    expect(text).toContain('broadsheet_http_requests_total{method="OTHER",route="unmatched",status="4xx"} 1');
    expect(text).toContain('broadsheet_http_requests_total{method="HEAD",route="page-cache-hit",status="3xx"} 1');
    expect(text).toContain('broadsheet_page_cache_requests_total{result="hit"} 2');
  });
});

describe('the request duration histogram', () => {
  it('has cumulative buckets, +Inf, sum and count per series', async () => {
    const m = new Metrics();
    for (const seconds of [0.0005, 0.003, 0.003, 20]) m.answered('GET', '/', 200, seconds, undefined);
    const text = await m.registry.metrics();
    const line = (le: string) => `broadsheet_http_request_duration_seconds_bucket{method="GET",route="/",status="2xx",le="${le}"}`;
    expect(text).toContain(`${line('0.001')} 1`);
    expect(text).toContain(`${line('0.0025')} 1`);
    expect(text).toContain(`${line('0.005')} 3`);
    expect(text).toContain(`${line('10')} 3`);
    expect(text).toContain(`${line('+Inf')} 4`);
    expect(text).toContain('broadsheet_http_request_duration_seconds_count{method="GET",route="/",status="2xx"} 4');
    expect(text).toMatch(/broadsheet_http_request_duration_seconds_sum\{method="GET",route="\/",status="2xx"\} 20\.006/);
    expect(text).toContain('# TYPE broadsheet_http_request_duration_seconds histogram');
    expect(text).toContain('# TYPE broadsheet_http_requests_total counter');
  });
});
