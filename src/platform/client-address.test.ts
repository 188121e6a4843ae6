import { describe, expect, it } from 'vitest';
import { fastifyTrustProxy, hashIp, parseTrustProxy, subscriberOf } from './client-address.js';

describe('subscriberOf', () => {
  it('keeps IPv4 addresses whole, also when written as IPv6', () => {
    expect(subscriberOf('203.0.113.9')).toBe('203.0.113.9');
    expect(subscriberOf('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(subscriberOf('::FFFF:203.0.113.9')).toBe('203.0.113.9');
  });

  it('reduces IPv6 addresses to their /64, however they are written', () => {
    expect(subscriberOf('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(subscriberOf('2001:0DB8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(subscriberOf('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(subscriberOf('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(subscriberOf('::1')).toBe('0:0:0:0::/64');
    expect(subscriberOf('64:ff9b::198.51.100.7')).toBe('64:ff9b:0:0::/64');
    expect(subscriberOf('2001:db8:1:3::1')).not.toBe(subscriberOf('2001:db8:1:2::1'));
  });

  it('leaves anything else as it is', () => {
    expect(subscriberOf('unknown')).toBe('unknown');
    expect(subscriberOf('')).toBe('');
  });
});

describe('hashIp', () => {
  const secret = Buffer.alloc(32, 7);
  it('matches addresses of one subscriber and tells others apart', () => {
    expect(hashIp(secret, '2001:db8:1:2::1')).toBe(hashIp(secret, '2001:db8:1:2:aaaa::9'));
    expect(hashIp(secret, '2001:db8:1:2::1')).not.toBe(hashIp(secret, '2001:db8:1:3::1'));
    expect(hashIp(secret, '203.0.113.9')).not.toBe(hashIp(secret, '203.0.113.10'));
    expect(hashIp(secret, '203.0.113.9')).toMatch(/^[0-9a-f]{32}$/);
    expect(hashIp(secret, '203.0.113.9')).not.toBe(hashIp(Buffer.alloc(32, 8), '203.0.113.9'));
  });
});

describe('parseTrustProxy', () => {
  const value = (raw: string | undefined) => {
    const r = parseTrustProxy(raw);
    return 'value' in r ? r.value : `problem: ${r.problem}`;
  };

  it('trusts no proxy when unset or false', () => {
    for (const raw of [undefined, '', 'false', 'FALSE', '0', 'no', 'off']) expect(value(raw)).toBe(false);
  });

  it('reads true as the one reverse proxy in front, and a number as that many hops', () => {
    expect(value('true')).toBe(1);
    expect(value('2')).toBe(2);
  });

  it('reads a list of proxy addresses, CIDR ranges and proxy-addr names', () => {
    expect(value('127.0.0.1, 10.0.0.0/8,::1, fd00::/8,loopback')).toEqual(['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8', 'loopback']);
  });

  it('refuses anything else with a sentence saying what it takes', () => {
    for (const raw of ['maybe', '11', '10.0.0.0/33', '10.0.0/8', 'example.org', '1.2.3.4/8/8']) {
      expect(value(raw)).toMatch(/^problem: ".*" is not false, true, a number of proxies/);
    }
  });
});

describe('fastifyTrustProxy', () => {
  it('turns a hop count into a function trusting that many hops from the connection', () => {
    const trust = fastifyTrustProxy(1) as (address: string, hop: number) => boolean;
    expect([trust('127.0.0.1', 0), trust('198.51.100.1', 1)]).toEqual([true, false]);
  });

  it('never trusts every hop, which would let a client choose its own address', () => {
    expect(fastifyTrustProxy(false)).toBe(false);
    expect(fastifyTrustProxy(['127.0.0.1'])).toEqual(['127.0.0.1']);
  });
});
