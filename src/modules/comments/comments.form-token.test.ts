import { describe, expect, it } from 'vitest';
import { checkFormToken, issueFormToken } from './comments.form-token.js';

const secret = Buffer.alloc(32, 7);
const at = new Date('2024-03-29T15:00:00.000Z');

describe('comment form tokens', () => {
  it('round-trips the moment the form was shown', () => {
    const token = issueFormToken(secret, at);
    expect(checkFormToken(secret, token, new Date(at.getTime() + 5000))).toEqual({ ok: true, shownAt: at.getTime() });
  });

  it('refuses missing, forged, re-signed and stale tokens', () => {
    const token = issueFormToken(secret, at);
    expect(checkFormToken(secret, undefined, at)).toEqual({ ok: false, problem: 'missing' });
    expect(checkFormToken(secret, 'garbage', at)).toEqual({ ok: false, problem: 'forged' });
    const [, sig] = token.split('.');
    expect(checkFormToken(secret, `${at.getTime() - 60_000}.${sig}`, at)).toEqual({ ok: false, problem: 'forged' });
    expect(checkFormToken(Buffer.alloc(32, 8), token, at)).toEqual({ ok: false, problem: 'forged' });
    expect(checkFormToken(secret, token, new Date(at.getTime() + 25 * 3_600_000))).toEqual({ ok: false, problem: 'expired' });
  });
});
