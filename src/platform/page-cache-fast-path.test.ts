import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { fixedClock } from './clock.js';
import { PageCache } from './page-cache.js';
import { hasPersonalCookie, pageCacheFastPath } from './page-cache-fast-path.js';

const NAMES = ['bs_session', 'bs_reader'];

describe('hasPersonalCookie', () => {
  it('reads the cookie header as the cookie parser does', () => {
    expect(hasPersonalCookie(undefined, NAMES)).toBe(false);
    expect(hasPersonalCookie('theme=dark', NAMES)).toBe(false);
    expect(hasPersonalCookie('theme=dark; bs_reader=abc', NAMES)).toBe(true);
    expect(hasPersonalCookie('bs_session="abc"', NAMES)).toBe(true);
    expect(hasPersonalCookie('bs_reader=', NAMES)).toBe(false);
    expect(hasPersonalCookie('bs_reader=""', NAMES)).toBe(false);
    // The first occurrence counts, as the parser keeps it.
    expect(hasPersonalCookie('bs_reader=; bs_reader=abc', NAMES)).toBe(false);
    expect(hasPersonalCookie('xbs_reader=abc; bs_readerx=abc', NAMES)).toBe(false);
    expect(hasPersonalCookie('  bs_session = abc ', NAMES)).toBe(true);
  });
});

function fakeResponse() {
  const sent: { status?: number; headers?: Record<string, unknown>; body?: Buffer } = {};
  const own: Record<string, unknown> = {};
  const res = {
    setHeader(name: string, value: unknown) {
      own[name] = value;
      return res;
    },
    writeHead(status: number, headers: Record<string, unknown>) {
      sent.status = status;
      sent.headers = { ...own, ...headers };
      return res;
    },
    end(body?: Buffer) {
      sent.body = body;
      return res;
    },
  };
  return { res: res as unknown as ServerResponse, sent };
}

const request = (url: string, headers: Record<string, string> = {}, method = 'GET') => ({ url, method, headers }) as unknown as IncomingMessage;

describe('pageCacheFastPath', () => {
  const setUp = async () => {
    const cache = new PageCache(fixedClock('2024-01-01T00:00:00Z'), { ttlMs: 60_000, maxEntries: 10, horizon: async () => null, personalCookies: NAMES });
    await cache.set('/open', { body: 'open page', contentType: 'text/html; charset=utf-8', cacheControl: 'public, max-age=60', beforeRouting: true }, null);
    await cache.set('/limited', { body: 'limited page', contentType: 'text/html; charset=utf-8', cacheControl: 'public, max-age=60', beforeRouting: false }, null);
    return { cache, answer: pageCacheFastPath(cache, { headers: { 'x-frame-options': 'SAMEORIGIN' } }) };
  };

  it('answers a hit with the stored bytes and the headers every answer carries', async () => {
    const { answer } = await setUp();
    const { res, sent } = fakeResponse();
    expect(answer(request('/open'), res)).toBe(true);
    expect(sent.status).toBe(200);
    expect(sent.body?.toString()).toBe('open page');
    expect(sent.headers).toMatchObject({ 'x-frame-options': 'SAMEORIGIN', 'x-cache': 'hit', 'content-type': 'text/html; charset=utf-8', 'content-length': 9, vary: 'accept-encoding' });
  });

  it('leaves to the app what it must decide itself', async () => {
    const { answer, cache } = await setUp();
    const cases: [string, IncomingMessage][] = [
      ['a write', request('/open', {}, 'POST')],
      ['a page not in the cache', request('/elsewhere')],
      ['a rate-limited page', request('/limited')],
      ['a signed-in reader', request('/open', { cookie: 'bs_reader=abc' })],
      ['credentials', request('/open', { authorization: 'Bearer abc' })],
    ];
    for (const [what, req] of cases) {
      const { res, sent } = fakeResponse();
      expect(answer(req, res), what).toBe(false);
      expect(sent.status, what).toBeUndefined();
    }
    cache.clear();
    expect(answer(request('/open'), fakeResponse().res)).toBe(false);
  });
});
