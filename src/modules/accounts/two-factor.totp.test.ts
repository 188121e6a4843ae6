import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { codeAt, groupedSecret, looksLikeTotp, matchingStep, newTotpSecret, otpauthUri, qrPath, timeStep } from './two-factor.totp.js';
import { rolesRequiringSecondFactor } from './staff-sign-in.js';
import { describeBrowser } from './staff-sessions.js';

// RFC 6238's SHA-1 test secret ("12345678901234567890") and its published codes, cut to six digits.
const RFC_SECRET = Secret.fromUTF8('12345678901234567890').base32;
const at = (seconds: number) => new Date(seconds * 1000);

describe('authenticator codes', () => {
  it('match RFC 6238’s SHA-1 test vectors', () => {
    expect(codeAt(RFC_SECRET, timeStep(at(59)))).toBe('287082');
    expect(codeAt(RFC_SECRET, timeStep(at(1111111109)))).toBe('081804');
    expect(codeAt(RFC_SECRET, timeStep(at(1234567890)))).toBe('005924');
    expect(codeAt(RFC_SECRET, timeStep(at(2000000000)))).toBe('279037');
  });

  it('agree with what an app makes from the otpauth address', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = otpauthUri(secret, 'The Gazette', 'ana@example.org');
    expect(uri).toMatch(/^otpauth:\/\/totp\/The%20Gazette:ana%40example\.org\?/);
    expect(uri).toContain(`secret=${secret}`);
    expect(uri).toContain('algorithm=SHA1&digits=6&period=30');
    const now = new Date('2024-03-29T15:00:10Z');
    const fromApp = new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: now.getTime() });
    expect(matchingStep(secret, fromApp, now, null)).toBe(timeStep(now));
  });

  it('accepts the step before and after now, and no further', () => {
    const secret = newTotpSecret();
    const now = new Date('2024-03-29T15:00:10Z');
    const s = timeStep(now);
    expect(matchingStep(secret, codeAt(secret, s - 1), now, null)).toBe(s - 1);
    expect(matchingStep(secret, codeAt(secret, s + 1), now, null)).toBe(s + 1);
    expect(matchingStep(secret, codeAt(secret, s - 2), now, null)).toBeNull();
    expect(matchingStep(secret, codeAt(secret, s + 2), now, null)).toBeNull();
  });

  it('never accepts a step at or before the last one used', () => {
    const secret = newTotpSecret();
    const now = new Date('2024-03-29T15:00:10Z');
    const s = timeStep(now);
    expect(matchingStep(secret, codeAt(secret, s), now, s)).toBeNull();
    expect(matchingStep(secret, codeAt(secret, s - 1), now, s)).toBeNull();
    expect(matchingStep(secret, codeAt(secret, s - 1), now, s - 2)).toBe(s - 1);
    // After the step before was used, now's code still works once.
    expect(matchingStep(secret, codeAt(secret, s), now, s - 1)).toBe(s);
    expect(matchingStep(secret, codeAt(secret, s + 1), now, s)).toBe(s + 1);
  });

  it('takes spaces and a dash as typed, and refuses anything but six digits', () => {
    const secret = newTotpSecret();
    const now = new Date('2024-03-29T15:00:10Z');
    const code = codeAt(secret, timeStep(now));
    expect(matchingStep(secret, `${code.slice(0, 3)} ${code.slice(3)}`, now, null)).toBe(timeStep(now));
    expect(matchingStep(secret, `${code.slice(0, 3)}-${code.slice(3)}`, now, null)).toBe(timeStep(now));
    for (const typed of ['', '12345', '1234567', 'abcdef', `${code}0`, '١٢٣٤٥٦']) expect(matchingStep(secret, typed, now, null), typed).toBeNull();
    expect(looksLikeTotp(' 123 456 ')).toBe(true);
    expect(looksLikeTotp('abcd-efgh-jkmn-pqrs')).toBe(false);
  });

  it('groups the secret for typing, and draws the QR code as squares', () => {
    expect(groupedSecret('ABCDEFGHIJKLMNOP')).toBe('ABCD EFGH IJKL MNOP');
    const qr = qrPath('otpauth://totp/x?secret=ABC');
    expect(qr.size).toBeGreaterThanOrEqual(21);
    expect(qr.d).toMatch(/^(M\d+ \d+h1v1h-1z)+$/);
  });
});

describe('who the twoFactorRequiredFor setting covers', () => {
  it('maps each choice to roles, and anything else to none', () => {
    expect(rolesRequiringSecondFactor('nobody')).toEqual([]);
    expect(rolesRequiringSecondFactor('admins')).toEqual(['admin']);
    expect(rolesRequiringSecondFactor('admins-and-editors')).toEqual(['admin', 'editor']);
    expect(rolesRequiringSecondFactor('everyone')).toEqual([]);
  });
});

describe('describing a session’s browser', () => {
  it.each([
    ['Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', 'Firefox on Linux'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0', 'Edge on Windows'],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15', 'Safari on macOS'],
    ['Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36', 'Chrome on Android'],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0 Mobile/15E148 Safari/604.1', 'Chrome on iPhone'],
    ['curl/8.5.0', 'curl'],
    ['', 'Unknown browser'],
    ['<script>', 'Unknown browser'],
  ])('%s → %s', (ua, expected) => {
    expect(describeBrowser(ua)).toBe(expected);
  });
});
