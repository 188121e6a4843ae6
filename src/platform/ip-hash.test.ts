import { describe, expect, it } from 'vitest';
import { hashIp, subscriberOf } from './ip-hash.js';

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
