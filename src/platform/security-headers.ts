import type { FastifyInstance } from 'fastify';

/**
 * The content security policy (docs/security.md gives the reason for each
 * directive): scripts, styles, fonts, frames and connections from this site
 * only, no plugins, no inline scripts or styles (so no nonces or hashes are
 * needed), no framing by other sites, forms sent only here. Images may also
 * come from any https: address: imported stories and featured images point
 * at the old site's files, and a body may show an image by its address.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "base-uri 'self'",
  "font-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
  "img-src 'self' data: https:",
  "object-src 'none'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self'",
].join(';');

/**
 * The policy as sent. Over HTTPS it also says `upgrade-insecure-requests`,
 * so an http:// image in an old story is fetched over https (and allowed by
 * img-src) instead of being blocked as mixed content; a site served over
 * plain HTTP (a laptop) must not say it, or its own requests would break.
 */
export function contentSecurityPolicy(https: boolean): string {
  return https ? `${CONTENT_SECURITY_POLICY};upgrade-insecure-requests` : CONTENT_SECURITY_POLICY;
}

/**
 * Browser features no page here uses, turned off for the site and anything
 * it might frame. Passkeys (publickey-credentials-*) are left to their
 * default, this site only.
 */
export const PERMISSIONS_POLICY = 'accelerometer=(), browsing-topics=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()';

/** HSTS for sites served over HTTPS: 180 days. */
const STRICT_TRANSPORT_SECURITY = 'max-age=15552000; includeSubDomains';

/**
 * The security headers every answer carries (the set helmet recommends),
 * built once: they never change while the process runs, so a request pays
 * for copying them and nothing else. A route may still override one.
 */
export function securityHeaders(options: { https: boolean }): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(options.https),
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'origin-agent-cluster': '?1',
    'permissions-policy': PERMISSIONS_POLICY,
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
