import { describe, expect, it } from 'vitest';
import { setupCodeFor, setupCodeMatches } from './first-admin.js';

describe('the first-admin setup code', () => {
  const secret = Buffer.alloc(32, 7);

  it('is 16 unambiguous letters and digits in groups of four, the same for one secret and different for another', () => {
    const code = setupCodeFor(secret);
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{4}(-[A-HJ-NP-Z2-9]{4}){3}$/);
    expect(setupCodeFor(Buffer.alloc(32, 7))).toBe(code);
    expect(setupCodeFor(Buffer.alloc(32, 8))).not.toBe(code);
  });

  it('matches without regard to case, spaces or dashes, and refuses anything else', () => {
    const code = setupCodeFor(secret);
    expect(setupCodeMatches(secret, code)).toBe(true);
    expect(setupCodeMatches(secret, ` ${code.toLowerCase().replaceAll('-', ' ')} `)).toBe(true);
    expect(setupCodeMatches(secret, code.slice(0, -1))).toBe(false);
    expect(setupCodeMatches(secret, setupCodeFor(Buffer.alloc(32, 8)))).toBe(false);
    for (const typed of ['', undefined, null, 42, {}, 'x'.repeat(10_000)]) expect(setupCodeMatches(secret, typed)).toBe(false);
  });
});
