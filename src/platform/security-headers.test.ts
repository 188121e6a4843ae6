import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, installSecurityHeaders, PERMISSIONS_POLICY } from './security-headers.js';

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
      expect(res.headers['permissions-policy']).toBe(PERMISSIONS_POLICY);
    }
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
  });

  it('ask browsers for HTTPS only on a site served over HTTPS', async () => {
    const app = await appWith(true);
    const res = await app.inject('/page');
    expect(res.headers['strict-transport-security']).toBe('max-age=15552000; includeSubDomains');
    // An old story's http:// image is fetched over https rather than blocked as mixed content.
    expect(res.headers['content-security-policy']).toBe(`${CONTENT_SECURITY_POLICY};upgrade-insecure-requests`);
    // Over plain HTTP (a laptop), upgrading would break the site's own requests.
    expect((await (await appWith(false)).inject('/page')).headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
  });

  it('let images come from any https: address, and nothing else from elsewhere', () => {
    const directives = Object.fromEntries(CONTENT_SECURITY_POLICY.split(';').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
    expect(directives['img-src']).toBe("'self' data: https:");
    for (const name of ['default-src', 'script-src', 'style-src', 'font-src', 'form-action', 'frame-ancestors', 'base-uri']) expect(directives[name], name).toBe("'self'");
    expect(directives['object-src']).toBe("'none'");
    expect(directives['script-src-attr']).toBe("'none'");
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
    expect(file.headers['content-security-policy']).toBe(`${CONTENT_SECURITY_POLICY};upgrade-insecure-requests`);
    expect(file.headers['strict-transport-security']).toBe('max-age=15552000; includeSubDomains');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect((await app.inject('/files/missing/x')).headers['cross-origin-resource-policy']).toBe('cross-origin');
    for (const url of ['/page', '/filesystem', '/missing', '/page?next=/files/a.jpg']) {
      expect((await app.inject(url)).headers['cross-origin-resource-policy'], url).toBe('same-origin');
    }
  });
});
