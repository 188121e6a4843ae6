import type { FastifyInstance } from 'fastify';

/**
 * The content security policy: everything from this site only, no plugins,
 * no inline scripts or styles, no framing by other sites.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "base-uri 'self'",
  "font-src 'self' https: data:",
  "form-action 'self'",
  "frame-ancestors 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self'",
].join(';');

/** HSTS for sites served over HTTPS: 180 days. */
const STRICT_TRANSPORT_SECURITY = 'max-age=15552000; includeSubDomains';

/**
 * The security headers every answer carries (the set helmet recommends),
 * built once: they never change while the process runs, so a request pays
 * for copying them and nothing else. A route may still override one.
 */
export function securityHeaders(options: { https: boolean }): Record<string, string> {
  return {
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'origin-agent-cluster': '?1',
    'referrer-policy': 'no-referrer',
    ...(options.https ? { 'strict-transport-security': STRICT_TRANSPORT_SECURITY } : {}),
    'x-content-type-options': 'nosniff',
    'x-dns-prefetch-control': 'off',
    'x-download-options': 'noopen',
    'x-frame-options': 'SAMEORIGIN',
    'x-permitted-cross-domain-policies': 'none',
    'x-xss-protection': '0',
  };
}

export interface SecurityHeaderOptions {
  https: boolean;
  /**
   * Path prefixes ("/media/") of files made to be embedded anywhere: their
   * answers say `Cross-Origin-Resource-Policy: cross-origin`, so a CDN or
   * another site may show them; everything else stays same-origin.
   */
  crossOriginPrefixes?: readonly string[];
}

/** Send the security headers with every answer, pages served from the cache included. */
export function installSecurityHeaders(app: FastifyInstance, options: SecurityHeaderOptions): void {
  const headers = securityHeaders(options);
  const prefixes = options.crossOriginPrefixes ?? [];
  if (prefixes.length === 0) {
    app.addHook('onRequest', (_req, reply, done) => {
      reply.headers(headers);
      done();
    });
    return;
  }
  // Both sets built once; a request pays for a prefix comparison or two.
  const embeddable = { ...headers, 'cross-origin-resource-policy': 'cross-origin' };
  app.addHook('onRequest', (req, reply, done) => {
    const url = req.url;
    reply.headers(prefixes.some((p) => url.startsWith(p)) ? embeddable : headers);
    done();
  });
}
