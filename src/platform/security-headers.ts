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

/**
 * The headers for an answer to `url`, from sets built once: a request pays
 * for a prefix comparison or two.
 */
export function securityHeadersFor(options: SecurityHeaderOptions): (url: string) => Record<string, string> {
  const headers = securityHeaders(options);
  const prefixes = options.crossOriginPrefixes ?? [];
  if (prefixes.length === 0) return () => headers;
  const embeddable = { ...headers, 'cross-origin-resource-policy': 'cross-origin' };
  return (url) => (prefixes.some((p) => url.startsWith(p)) ? embeddable : headers);
}

/**
 * Send the security headers with every answer, pages served from the cache
 * included. Install it before any other hook, so that an answer a hook
 * gives (a refusal) carries them too; answers Fastify gives before any hook
 * runs (a malformed address, one too long) need them set by its
 * `frameworkErrors` handler, from securityHeadersFor.
 */
export function installSecurityHeaders(app: FastifyInstance, options: SecurityHeaderOptions): void {
  const headersFor = securityHeadersFor(options);
  app.addHook('onRequest', (req, reply, done) => {
    reply.headers(headersFor(req.url));
    done();
  });
}
