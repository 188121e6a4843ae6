import { describe, expect, it } from 'vitest';
import { tokenHash } from '../accounts/accounts.service.js';
import { generateToken, looksLikeToken, parseBearer, shouldTouch, TOKEN_PATTERN, tokenActorName, validateTokenInput } from './tokens.service.js';

describe('API token format', () => {
  it('is bs_ and 32 random bytes in base64url', () => {
    const token = generateToken();
    expect(token).toMatch(TOKEN_PATTERN);
    expect(token).toHaveLength(3 + 43);
    expect(Buffer.from(token.slice(3), 'base64url')).toHaveLength(32);
  });

  it('never repeats', () => {
    const seen = new Set(Array.from({ length: 1000 }, generateToken));
    expect(seen.size).toBe(1000);
  });

  it('is stored as a SHA-256 hex digest', () => {
    expect(tokenHash(generateToken())).toMatch(/^[0-9a-f]{64}$/);
  });

  it('recognises only well-formed tokens', () => {
    expect(looksLikeToken(generateToken())).toBe(true);
    for (const bad of ['', 'bs_', 'bs_short', `xx_${'a'.repeat(43)}`, `bs_${'a'.repeat(42)}`, `bs_${'a'.repeat(44)}`, `bs_${'a'.repeat(42)}=`, `bs_${'a'.repeat(42)}/`]) {
      expect(looksLikeToken(bad), bad).toBe(false);
    }
  });
});

describe('parseBearer', () => {
  it('treats a missing header as anonymous', () => {
    expect(parseBearer(undefined)).toBeUndefined();
  });

  it('takes the token from "Bearer <token>", whatever the case of the scheme', () => {
    expect(parseBearer('Bearer abc')).toBe('abc');
    expect(parseBearer('bearer abc')).toBe('abc');
    expect(parseBearer('BEARER  abc ')).toBe('abc');
  });

  it('answers null for any other header, so it is refused rather than ignored', () => {
    for (const bad of ['', 'Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', 'Token abc', 'Bearer a b', 'Bearerabc']) expect(parseBearer(bad), bad).toBeNull();
    expect(parseBearer(['Bearer a', 'Bearer b'])).toBeNull();
  });
});

describe('recording use', () => {
  const now = new Date('2024-03-29T15:00:00.000Z');
  it('records the first use and then at most once a minute', () => {
    expect(shouldTouch(null, now)).toBe(true);
    expect(shouldTouch('2024-03-29T14:59:00.001Z', now)).toBe(false);
    expect(shouldTouch('2024-03-29T14:59:00.000Z', now)).toBe(true);
    expect(shouldTouch('2024-03-28T00:00:00.000Z', now)).toBe(true);
  });
});

describe('validateTokenInput', () => {
  it('trims the name and accepts every role', () => {
    for (const role of ['admin', 'editor', 'author', 'contributor', 'moderator']) {
      expect(validateTokenInput({ name: '  CMS   sync ', role })).toEqual({ name: 'CMS sync', role });
    }
  });

  it('refuses an empty or over-long name, and unknown roles, with a readable 422', () => {
    const refused = (input: { name?: unknown; role?: unknown }) => {
      try {
        validateTokenInput(input);
      } catch (err) {
        return err as { status: number; message: string };
      }
      throw new Error('accepted');
    };
    expect(refused({ name: '  ', role: 'editor' })).toMatchObject({ status: 422, message: expect.stringContaining('name') });
    expect(refused({ name: 'x'.repeat(101), role: 'editor' })).toMatchObject({ status: 422, message: expect.stringContaining('100 characters') });
    expect(refused({ name: 'Sync', role: 'owner' })).toMatchObject({ status: 422, message: '"owner" is not a role; use admin, editor, author, contributor or moderator.' });
    expect(refused({ name: 'Sync' })).toMatchObject({ status: 422 });
  });
});

it('names the actor for the record', () => {
  expect(tokenActorName('CMS sync')).toBe('API token “CMS sync”');
});
