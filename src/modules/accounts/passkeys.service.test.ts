import { describe, expect, it } from 'vitest';
import { passkeyName, relyingParty } from './passkeys.service.js';

describe('relyingParty', () => {
  it('is the site address’s host, and its origin', () => {
    expect(relyingParty('https://news.example.org')).toEqual({ id: 'news.example.org', origin: 'https://news.example.org' });
    // A port belongs to the origin, never to the relying party id.
    expect(relyingParty('https://news.example.org:8443')).toEqual({ id: 'news.example.org', origin: 'https://news.example.org:8443' });
    expect(relyingParty('http://localhost:3000')).toEqual({ id: 'localhost', origin: 'http://localhost:3000' });
  });
});

describe('passkeyName', () => {
  it('trims a name of 1 to 100 characters', () => {
    expect(passkeyName('  Work laptop ')).toBe('Work laptop');
    expect(passkeyName('x'.repeat(100))).toHaveLength(100);
  });

  it('refuses nothing, too much, two lines and anything but text, with a 422', () => {
    for (const raw of ['', '   ', 'x'.repeat(101), 'one\ntwo', 'tab\u0000', undefined, 42, ['Key']]) {
      expect(() => passkeyName(raw), JSON.stringify(raw)).toThrow(expect.objectContaining({ status: expect.any(Number) }));
    }
    expect(() => passkeyName('')).toThrow(expect.objectContaining({ status: 422 }));
  });
});
