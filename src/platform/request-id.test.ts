import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { isWellFormedRequestId, requestIdFor, requestIdMaker, trustedPeer } from './request-id.js';

const request = (remoteAddress: string | undefined, id?: string | string[]) => ({ headers: id === undefined ? {} : { 'x-request-id': id }, socket: { remoteAddress } }) as unknown as IncomingMessage;

describe('which incoming request ids are well-formed', () => {
  it('keeps 1 to 128 visible ASCII characters', () => {
    for (const ok of ['a', 'f47ac10b-58cc-4372-a567-0e02b2c3d479', 'Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1', '!~', 'x'.repeat(128)]) {
      expect(isWellFormedRequestId(ok), ok).toBe(true);
    }
  });

  it('refuses empty, over-long, spaced, control, non-ASCII and non-string values', () => {
    for (const bad of ['', 'x'.repeat(129), 'two words', 'tab\there', 'line\nbreak', 'nul\0', 'del\x7f', 'café', 'ünïcode', '𝒳', ' lead', 'a, b']) {
      expect(isWellFormedRequestId(bad), JSON.stringify(bad)).toBe(false);
    }
    for (const bad of [undefined, null, 42, ['a', 'b'], {}]) expect(isWellFormedRequestId(bad)).toBe(false);
  });
});

describe('which peers are trusted proxies', () => {
  it('trusts none without TRUST_PROXY', () => {
    expect(trustedPeer(false)('127.0.0.1')).toBe(false);
  });

  it('trusts the connection with a number of hops (clients reach the server through the proxies alone)', () => {
    expect(trustedPeer(1)('203.0.113.9')).toBe(true);
    expect(trustedPeer(1)(undefined)).toBe(false);
  });

  it('trusts listed addresses, ranges and names, IPv4 written as IPv6 included', () => {
    const trusted = trustedPeer(['10.0.0.0/8', '192.0.2.7', '2001:db8::/32', 'loopback']);
    for (const yes of ['10.1.2.3', '::ffff:10.1.2.3', '192.0.2.7', '2001:db8:1::5', '127.0.0.1', '::1']) expect(trusted(yes), yes).toBe(true);
    for (const no of ['11.0.0.1', '192.0.2.8', '2001:db9::1', '203.0.113.9', 'not an address', undefined]) expect(trusted(no), String(no)).toBe(false);
    expect(trustedPeer(['uniquelocal'])('172.20.0.1')).toBe(true);
    expect(trustedPeer(['linklocal'])('fe80::1')).toBe(true);
  });
});

describe('choosing a request id', () => {
  it('makes ids from a process prefix and a counter, each new', () => {
    const make = requestIdMaker('abc');
    expect([make(), make(), make()]).toEqual(['abc-1', 'abc-2', 'abc-3']);
    const a = requestIdMaker();
    const b = requestIdMaker();
    expect(a()).not.toBe(b());
    expect(a()).toMatch(/^[0-9a-f]{8}-[0-9a-z]+$/);
  });

  it('keeps a well-formed id from a trusted proxy', () => {
    const idFor = requestIdFor(['127.0.0.1'], requestIdMaker('own'));
    expect(idFor(request('127.0.0.1', 'edge-42'))).toBe('edge-42');
  });

  it('ignores an id from anyone else, and a malformed one from anyone', () => {
    const idFor = requestIdFor(['127.0.0.1'], requestIdMaker('own'));
    expect(idFor(request('203.0.113.9', 'forged'))).toBe('own-1');
    expect(idFor(request('127.0.0.1', 'has space'))).toBe('own-2');
    expect(idFor(request('127.0.0.1', 'x'.repeat(129)))).toBe('own-3');
    expect(idFor(request('127.0.0.1', ['a', 'b']))).toBe('own-4');
    expect(idFor(request('127.0.0.1'))).toBe('own-5');
    expect(requestIdFor(false, requestIdMaker('own'))(request('127.0.0.1', 'forged'))).toBe('own-1');
  });
});
