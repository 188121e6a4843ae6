import crypto from 'node:crypto';
import net from 'node:net';

/**
 * The part of an address that stands for one subscriber: an IPv4 address, or
 * the /64 network of an IPv6 address. A home or mobile connection is handed a
 * whole /64, so its single addresses cost nothing to change; limits per
 * address count the network instead. IPv4 written as IPv6 (::ffff:a.b.c.d)
 * is the IPv4 address.
 */
export function subscriberOf(ip: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (!net.isIPv6(ip)) return ip;
  // A trailing dotted quad fills the last two groups; only the first four matter here.
  const address = ip
    .split('%')[0]!
    .toLowerCase()
    .replace(/\d{1,3}(?:\.\d{1,3}){3}$/, '0:0');
  const [left = '', right] = address.split('::');
  const head = left ? left.split(':') : [];
  const tail = right ? right.split(':') : [];
  const groups = right === undefined ? head : [...head, ...Array<string>(8 - head.length - tail.length).fill('0'), ...tail];
  return `${groups
    .slice(0, 4)
    .map((g) => Number.parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

/**
 * What is kept of a visitor's IP address: an HMAC under the install secret
 * of its subscriber part (see subscriberOf), enough to count and match
 * requests from one connection, useless for finding the address again
 * without the secret.
 */
export function hashIp(secret: Buffer, ip: string): string {
  return crypto
    .createHmac('sha256', secret)
    .update(`ip:${subscriberOf(ip)}`)
    .digest('hex')
    .slice(0, 32);
}

/**
 * The key every per-address limit counts a request under (rate limits, sign-in
 * throttling, live streams): the subscriber part of the client's address.
 * `req.ip` is the right-most address that is not a trusted proxy (TRUST_PROXY),
 * so an X-Forwarded-For a client writes itself cannot choose it.
 */
export const clientKey = (req: { ip: string }): string => subscriberOf(req.ip);

/**
 * Which proxies' X-Forwarded-* headers to believe, in the form Fastify's
 * `trustProxy` takes: false (none: the client is the connection's address),
 * a number of hops (1: the one reverse proxy in front), or a list of proxy
 * addresses and CIDR ranges (or proxy-addr's names loopback, linklocal,
 * uniquelocal). Never `true`: trusting every hop would make the client the
 * left-most X-Forwarded-For entry, which any client can write.
 */
export type TrustProxy = false | number | string[];

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

function isAddressOrRange(entry: string): boolean {
  if (PROXY_NAMES.includes(entry) || net.isIP(entry) !== 0) return true;
  const [address = '', bits, ...rest] = entry.split('/');
  const family = net.isIP(address);
  if (family === 0 || rest.length > 0 || bits === undefined || !/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

/** Parse TRUST_PROXY; a value that is none of its forms returns a sentence saying what is accepted. */
export function parseTrustProxy(raw: string | undefined): { value: TrustProxy } | { problem: string } {
  const text = raw?.trim().toLowerCase() ?? '';
  if (['', 'false', '0', 'no', 'off'].includes(text)) return { value: false };
  // "true" has always meant "behind a reverse proxy": the usual single one.
  if (['true', 'yes', 'on'].includes(text)) return { value: 1 };
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops >= 1 && hops <= 10) return { value: hops };
  } else {
    const entries = text
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean);
    if (entries.length > 0 && entries.every(isAddressOrRange)) return { value: entries };
  }
  return { problem: `"${raw}" is not false, true, a number of proxies in front (1–10), or a list of proxy addresses and ranges such as 127.0.0.1,10.0.0.0/8` };
}

/**
 * TRUST_PROXY in the form Fastify takes. A hop count becomes a function
 * (Fastify refuses bare numbers, since a client that can reach the server
 * directly could then write the addresses itself): use a count only where
 * clients reach Broadsheet through the proxies alone; a list of the proxies'
 * addresses holds either way.
 */
export function fastifyTrustProxy(trust: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return trust;
}
