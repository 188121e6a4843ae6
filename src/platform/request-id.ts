import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import net from 'node:net';
import type { TrustProxy } from './client-address.js';

/*
 * Every answer carries an X-Request-Id, and every log line written while
 * answering it carries the same id (Fastify's `reqId`), so a reader who quotes
 * the id of an error page leads the operator to its log lines.
 *
 * An id sent in by a trusted reverse proxy (TRUST_PROXY) is kept, so the
 * proxy's log and ours share it; from anyone else, or when it is not a short
 * run of visible ASCII, it is ignored and an id of our own is made: a prefix
 * random to this process and a counter, unique across workers and restarts,
 * and cheaper to make than a random UUID (no random bytes per request).
 */

/** The header an id is read from and answered in. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** The longest incoming id kept. */
export const MAX_REQUEST_ID_LENGTH = 128;

/** Visible ASCII (no space, no control characters), 1 to 128 of them: safe in a header and in a log line. */
const WELL_FORMED = /^[\x21-\x7e]{1,128}$/;

/** Whether an incoming X-Request-Id may be kept (whoever sent it): a single value of visible ASCII, at most 128 characters. */
export function isWellFormedRequestId(value: unknown): value is string {
  return typeof value === 'string' && WELL_FORMED.test(value);
}

/** The address ranges proxy-addr's names stand for, as Fastify's trustProxy reads them. */
const NAMED_RANGES: Record<string, [string, number][]> = {
  loopback: [
    ['127.0.0.1', 8],
    ['::1', 128],
  ],
  linklocal: [
    ['169.254.0.0', 16],
    ['fe80::', 10],
  ],
  uniquelocal: [
    ['10.0.0.0', 8],
    ['172.16.0.0', 12],
    ['192.168.0.0', 16],
    ['fc00::', 7],
  ],
};

/** Whether the address a connection comes from is a proxy TRUST_PROXY trusts (the one whose headers Fastify believes first). */
export function trustedPeer(trust: TrustProxy): (address: string | undefined) => boolean {
  if (trust === false) return () => false;
  // A number of hops: clients reach the server through the proxies alone, so the peer is always the nearest of them.
  if (typeof trust === 'number') return (address) => address !== undefined;
  const list = new net.BlockList();
  const add = (address: string, bits: number) => list.addSubnet(address, bits, net.isIPv6(address) ? 'ipv6' : 'ipv4');
  for (const entry of trust) {
    const named = NAMED_RANGES[entry];
    if (named) for (const [address, bits] of named) add(address, bits);
    else if (entry.includes('/')) add(entry.split('/')[0]!, Number(entry.split('/')[1]));
    else add(entry, net.isIPv6(entry) ? 128 : 32);
  }
  return (address) => {
    if (address === undefined) return false;
    // IPv4 written as IPv6 (a dual-stack socket) is the IPv4 address.
    const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
    const plain = mapped ? mapped[1]! : address;
    const family = net.isIPv4(plain) ? 'ipv4' : net.isIPv6(plain) ? 'ipv6' : undefined;
    return family !== undefined && list.check(plain, family);
  };
}

/** Makes ids: a prefix random to the process, then a counter in base 36 ("k3v9q2-1a"). */
export function requestIdMaker(prefix: string = crypto.randomBytes(4).toString('hex')): () => string {
  let n = 0;
  return () => {
    n = n >= Number.MAX_SAFE_INTEGER ? 1 : n + 1;
    return `${prefix}-${n.toString(36)}`;
  };
}

/**
 * The id of a request (Fastify's `genReqId`, and the fast path's): the one a
 * trusted proxy sent, when well-formed, or a new one.
 */
export function requestIdFor(trust: TrustProxy, make: () => string = requestIdMaker()): (req: Pick<IncomingMessage, 'headers' | 'socket'>) => string {
  const trusted = trustedPeer(trust);
  // Decided once per connection: a proxy keeps its connections open, and matching an address against ranges is not free.
  const verdicts = new WeakMap<object, boolean>();
  const fromTrusted = (socket: IncomingMessage['socket'] | undefined): boolean => {
    if (!socket) return false;
    let verdict = verdicts.get(socket);
    if (verdict === undefined) verdicts.set(socket, (verdict = trusted(socket.remoteAddress)));
    return verdict;
  };
  return (req) => {
    const sent = req.headers[REQUEST_ID_HEADER];
    if (sent !== undefined && isWellFormedRequestId(sent) && fromTrusted(req.socket)) return sent;
    return make();
  };
}
