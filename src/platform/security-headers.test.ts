import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, installSecurityHeaders } from './security-headers.js';

async function appWith(https: boolean, crossOriginPrefixes?: string[]) {
  const app = Fastify();
  installSecurityHeaders(app, { https, ...(crossOriginPrefixes ? { crossOriginPrefixes } : {}) });
  app.get('/page', async () => 'ok');
  app.get('/files/*', async () => 'file');
  app.get('/shared-image', async (_req, reply) => reply.header('cross-origin-resource-policy', 'cross-origin').send('img'));
  await app.ready();
  return app;
}

describe('security headers', () => {
  it('go with every answer, errors included', async () => {
    const app = await appWith(false);
    for (const url of ['/page', '/missing']) {
      const res = await app.inject(url);
      expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
  });

  it('ask browsers for HTTPS only on a site served over HTTPS', async () => {
    const app = await appWith(true);
    expect((await app.inject('/page')).headers['strict-transport-security']).toBe('max-age=15552000; includeSubDomains');
  });

  it('let a route loosen one header for itself', async () => {
    const app = await appWith(false);
    expect((await app.inject('/shared-image')).headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect((await app.inject('/page')).headers['cross-origin-resource-policy']).toBe('same-origin');
  });

  it('let files under the given prefixes be embedded by any site, and only those', async () => {
    const app = await appWith(true, ['/files/']);
    const file = await app.inject('/files/a.jpg');
    expect(file.headers['cross-origin-resource-policy']).toBe('cross-origin');
    // Everything else about the file's answer stays as strict as any page's.
    expect(file.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(file.headers['strict-transport-security']).toBe('max-age=15552000; includeSubDomains');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect((await app.inject('/files/missing/x')).headers['cross-origin-resource-policy']).toBe('cross-origin');
    for (const url of ['/page', '/filesystem', '/missing', '/page?next=/files/a.jpg']) {
      expect((await app.inject(url)).headers['cross-origin-resource-policy'], url).toBe('same-origin');
    }
  });
});
