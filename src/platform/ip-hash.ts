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
  const address = ip.split('%')[0]!.toLowerCase().replace(/\d{1,3}(?:\.\d{1,3}){3}$/, '0:0');
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
  return crypto.createHmac('sha256', secret).update(`ip:${subscriberOf(ip)}`).digest('hex').slice(0, 32);
}
