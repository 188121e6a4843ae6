import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.js';
import { cleanDisplayName, isBanned, isEmailAddress, PERMANENT_BAN_UNTIL, readUnsubscribe, safeNextPath, signUnsubscribe } from './readers.service.js';

/** The 422 message cleanDisplayName throws for `input`. */
function refusal(input: unknown): string {
  try {
    cleanDisplayName(input);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(422);
    return (err as AppError).message;
  }
  throw new Error(`accepted ${JSON.stringify(input)}`);
}

describe('cleanDisplayName', () => {
  it('trims, collapses runs of spaces and composes accents', () => {
    expect(cleanDisplayName('  Ana   Ruiz ')).toBe('Ana Ruiz');
    expect(cleanDisplayName('Ana\u00a0\u3000Ruiz')).toBe('Ana Ruiz');
    expect(cleanDisplayName('Jose\u0301')).toBe('José');
    expect(cleanDisplayName('李小龙')).toBe('李小龙');
    expect(cleanDisplayName('R2-D2')).toBe('R2-D2');
  });

  it('counts characters, not UTF-16 units, against the limit of 50', () => {
    expect(cleanDisplayName('a'.repeat(50))).toHaveLength(50);
    expect(refusal('a'.repeat(51))).toBe('Display names are limited to 50 characters.');
    // 50 astral characters are 100 UTF-16 units, and still fit.
    expect([...cleanDisplayName('𝒜'.repeat(50))]).toHaveLength(50);
    expect(refusal('𝒜'.repeat(51))).toMatch(/limited to 50/);
    // The limit applies after trimming.
    expect(cleanDisplayName(`   ${'b'.repeat(50)}   `)).toHaveLength(50);
  });

  it('refuses empty and blank names', () => {
    for (const blank of ['', '   ', '\t \n', undefined, null, 42]) expect(refusal(blank)).toBe('Choose a display name: it is shown with your comments.');
  });

  it('refuses invisible, control and direction-changing characters', () => {
    const invisible = ['\u200b', '\u200b\u200c\u200d', 'Ana\u200bRuiz', '\u202eevil', 'Ana\u2066x\u2069', '\ufeffAna', 'A\u0000B', 'Ana\u00adRuiz', '\u3164', 'A\u2028B', 'x\ue000'];
    for (const name of invisible) expect(refusal(name)).toMatch(/invisible or control characters/);
  });

  it('refuses names of punctuation or symbols alone', () => {
    for (const name of ['...', '---', '!!!', '()', '“”', '+++', '\u0301']) expect(refusal(name)).toBe('A display name needs at least one letter or digit.');
  });
});

describe('isEmailAddress', () => {
  it('accepts ordinary and punycode addresses', () => {
    for (const a of ['ana@example.org', 'a.b+c@mail.example.co.uk', 'x@xn--bcher-kva.example', "o'neil@example.ie"]) expect(isEmailAddress(a)).toBe(true);
  });

  it('refuses what is not exactly one mailbox', () => {
    for (const a of [
      '',
      'ana',
      'ana@',
      '@example.org',
      'ana@example',
      'a b@example.org',
      'a,b@example.org',
      'a@b@example.org',
      'a@example.org, b@example.org',
      '"Ana" <ana@example.org>',
      'ana@-example.org',
      `${'a'.repeat(65)}@example.org`,
    ]) {
      expect(isEmailAddress(a), a).toBe(false);
    }
  });
});

describe('isBanned', () => {
  const now = new Date('2024-03-29T15:00:00.000Z');
  it('holds until the ban ends, and always for a permanent ban', () => {
    expect(isBanned({ bannedUntil: null }, now)).toBe(false);
    expect(isBanned({ bannedUntil: '2024-03-29T15:00:00.001Z' }, now)).toBe(true);
    expect(isBanned({ bannedUntil: '2024-03-29T15:00:00.000Z' }, now)).toBe(false);
    expect(isBanned({ bannedUntil: '2024-03-28T00:00:00.000Z' }, now)).toBe(false);
    expect(isBanned({ bannedUntil: PERMANENT_BAN_UNTIL }, new Date('2999-01-01T00:00:00.000Z'))).toBe(true);
  });
});

describe('safeNextPath', () => {
  it('keeps paths on this site', () => {
    for (const p of ['/', '/account', '/2024/03/29/a-story#comments', '/2024/03/29/a-story?comments=2#respond', '/search?q=caf%C3%A9']) expect(safeNextPath(p)).toBe(p);
  });

  it('drops anything that could lead elsewhere', () => {
    for (const p of [
      undefined,
      '',
      'account',
      'https://evil.example/',
      '//evil.example',
      '/\\evil.example',
      '/\\/evil',
      '/a b',
      '/a\nb',
      '/a\\b',
      'javascript:alert(1)',
      `/${'a'.repeat(500)}`,
      ['/account'],
    ]) {
      expect(safeNextPath(p), String(p)).toBeUndefined();
    }
  });

  it('drops paths that could not go back in a Location header: unencoded letters beyond ASCII, C1 controls', () => {
    for (const p of ['/€', '/café', '/a\u0085b', '/a\u00a0b', '/\u2028']) expect(safeNextPath(p), JSON.stringify(p)).toBeUndefined();
  });
});

describe('unsubscribe tokens', () => {
  const secret = crypto.randomBytes(32);
  it('read back the reader they were signed for', () => {
    const token = signUnsubscribe(secret, 42);
    expect(token).toMatch(/^42\.[A-Za-z0-9_-]{43}$/);
    expect(readUnsubscribe(secret, token)).toBe(42);
  });

  it('are refused when tampered with, signed with another secret, or malformed', () => {
    const token = signUnsubscribe(secret, 42);
    const mac = token.split('.')[1]!;
    expect(readUnsubscribe(secret, `43.${mac}`)).toBeUndefined();
    expect(readUnsubscribe(secret, `42.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`)).toBeUndefined();
    expect(readUnsubscribe(crypto.randomBytes(32), token)).toBeUndefined();
    for (const bad of ['', '42', `042.${mac}`, `42.${mac}x`, `-1.${mac}`, undefined, 42]) expect(readUnsubscribe(secret, bad)).toBeUndefined();
  });
});
