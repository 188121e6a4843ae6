import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient } from '../helpers/admin.js';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { buildArticle } from '../helpers/factories.js';
import { openSse } from '../helpers/sse.js';

/*
 * Behind a reverse proxy that appends the address it sees to
 * X-Forwarded-For (nginx's $proxy_add_x_forwarded_for), a client can write
 * any addresses it likes to the left of its own. Every per-address limit
 * must count the right-most address the proxy added, never one the client
 * chose: here one real client (203.0.113.7) sends a new made-up address on
 * every request, through one trusted proxy (the test connection, 127.0.0.1).
 */

const REAL = '203.0.113.7';
const spoofed = () => `${crypto.randomInt(1, 224)}.${crypto.randomInt(0, 256)}.${crypto.randomInt(0, 256)}.${crypto.randomInt(1, 255)}`;
/** The header the proxy passes on: whatever the client sent, then the address the proxy saw. */
const forwardedFor = (client = REAL) => ({ 'x-forwarded-for': `${spoofed()}, ${spoofed()}, ${client}` });

describe('per-address limits behind a trusted proxy (TRUST_PROXY=1)', () => {
  let t: TestContext;

  beforeAll(async () => {
    t = await createTestApp({ env: { TRUST_PROXY: '1' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('counts staff sign-in requests by the real client, whatever it writes in X-Forwarded-For', async () => {
    const c = adminClient(t.app);
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await c.post('/admin/sign-in', { email: 'x@example.org', password: 'nope' }, forwardedFor())).statusCode);
    expect(statuses.slice(0, 20)).not.toContain(429);
    expect(statuses[20]).toBe(429);
    // Another client behind the same proxy is not held back.
    expect((await c.post('/admin/sign-in', { email: 'x@example.org', password: 'nope' }, forwardedFor('198.51.100.4'))).statusCode).not.toBe(429);
  });

  it('locks out password guessing for one account from one client, whatever it writes in X-Forwarded-For', async () => {
    await t.services.accounts.create({ email: 'ana@example.org', name: 'Ana Ruiz', password: 'correct horse battery staple', role: 'editor' });
    const c = adminClient(t.app, '127.0.0.1');
    const answers: number[] = [];
    for (let i = 0; i < 6; i++) {
      const _csrf = await c.csrfFrom('/admin/sign-in');
      answers.push((await c.post('/admin/sign-in', { _csrf, email: 'ana@example.org', password: `guess ${i}` }, forwardedFor('203.0.113.8'))).statusCode);
    }
    expect(answers.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(answers[5]).toBe(429);
  });

  it('counts reader sign-ups and emailed-link requests by the real client', async () => {
    const c = adminClient(t.app);
    const signUps: number[] = [];
    for (let i = 0; i < 11; i++) signUps.push((await c.post('/account/sign-up', { email: `r${i}@example.org`, displayName: 'R' }, forwardedFor('203.0.113.9'))).statusCode);
    expect(signUps.slice(0, 10)).not.toContain(429);
    expect(signUps[10]).toBe(429);

    const links: number[] = [];
    for (let i = 0; i < 6; i++) links.push((await c.post('/account/sign-in/link', { email: `r${i}@example.org` }, forwardedFor('203.0.113.10'))).statusCode);
    expect(links.slice(0, 5)).not.toContain(429);
    expect(links[5]).toBe(429);
  });

  it('counts comment posts by the real client', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/comments', headers: { ...forwardedFor('203.0.113.11'), 'content-type': 'application/x-www-form-urlencoded' }, payload: 'body=hello' });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 30)).not.toContain(429);
    expect(statuses[30]).toBe(429);
  });

  it('counts IPv6 clients by their /64, whatever they write in X-Forwarded-For', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/readers/sign-in-link', headers: forwardedFor(`2001:db8:5:7::${i + 1}`), payload: { email: 'nobody@example.org' } });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 5)).not.toContain(429);
    expect(statuses[5]).toBe(429);
  });

  it('caps live streams per real client', async () => {
    const live = await createTestApp({ env: { TRUST_PROXY: '1' }, live: { maxPerAddress: 2 } });
    const open = [];
    try {
      const a = await buildArticle(live.services, live.clock.now());
      await live.app.listen({ port: 0, host: '127.0.0.1' });
      const address = live.app.server.address();
      if (address === null || typeof address === 'string') throw new Error('no port');
      const url = `http://127.0.0.1:${address.port}/live/articles/${a.id}`;
      for (let i = 0; i < 3; i++) open.push(await openSse(url, forwardedFor('203.0.113.12')));
      expect(open.map((s) => s.status)).toEqual([200, 200, 429]);
      const other = await openSse(url, forwardedFor('198.51.100.20'));
      open.push(other);
      expect(other.status).toBe(200);
    } finally {
      for (const s of open) s.close();
      await live.close();
    }
  });
});

describe('TRUST_PROXY', () => {
  it('with a list of proxies, takes the right-most address that is not one of them', async () => {
    const t = await createTestApp({ env: { TRUST_PROXY: '127.0.0.1, 10.0.0.0/8' } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        // The client, then a second proxy inside the private network, then the connection from the front proxy.
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/readers/sign-in-link',
          headers: { 'x-forwarded-for': `${spoofed()}, 203.0.113.30, 10.1.2.3` },
          payload: { email: 'nobody@example.org' },
        });
        statuses.push(res.statusCode);
      }
      expect(statuses[5]).toBe(429);
    } finally {
      await t.close();
    }
  });

  it('unset, ignores X-Forwarded-For altogether: the connection is the client', async () => {
    const t = await createTestApp();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await t.app.inject({ method: 'POST', url: '/api/v1/readers/sign-in-link', headers: { 'x-forwarded-for': `198.51.100.${i + 1}` }, payload: { email: 'nobody@example.org' } });
        statuses.push(res.statusCode);
      }
      expect(statuses[5]).toBe(429);
    } finally {
      await t.close();
    }
  });
});
