import crypto from 'node:crypto';
import { HOTP, Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

/*
 * Time-based one-time codes (RFC 6238) as authenticator apps make them:
 * SHA-1, six digits, a new code every 30 seconds. A code is accepted for its
 * own step and the one either side (clocks drift), and never for a step at or
 * before the last one accepted for the account, so a code seen over someone's
 * shoulder cannot be used again.
 */

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps accepted either side of now. */
export const TOTP_WINDOW = 1;

/** A new authenticator secret: 20 random bytes, as base32 (32 characters). */
export const newTotpSecret = (): string => new Secret({ size: 20 }).base32;

/** The 30-second time step a moment falls in. */
export const timeStep = (at: Date): number => Math.floor(at.getTime() / 1000 / TOTP_PERIOD_SECONDS);

/** The code for a secret at a time step. */
export const codeAt = (secret: string, step: number): string => HOTP.generate({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: TOTP_DIGITS, counter: step });

/** A code as typed: spaces and dashes dropped ("123 456" is fine). */
export const normaliseCode = (typed: string): string => typed.replace(/[\s-]/g, '');

/** Whether what was typed has the shape of an authenticator code (six digits). */
export const looksLikeTotp = (typed: string): boolean => /^[0-9]{6}$/.test(normaliseCode(typed));

/**
 * The time step a typed code matches, within the window around `at` and after
 * `lastUsedStep`, or null: a wrong code, one too old or too new, or one
 * already used (or older than one used).
 */
export function matchingStep(secret: string, typed: string, at: Date, lastUsedStep: number | null): number | null {
  const code = normaliseCode(typed);
  if (!/^[0-9]{6}$/.test(code)) return null;
  const now = timeStep(at);
  for (const delta of [0, -1, 1].filter((d) => Math.abs(d) <= TOTP_WINDOW)) {
    const step = now + delta;
    if (lastUsedStep !== null && step <= lastUsedStep) continue;
    if (crypto.timingSafeEqual(Buffer.from(codeAt(secret, step)), Buffer.from(code))) return step;
  }
  return null;
}

/** The otpauth:// address an authenticator app reads from the QR code. */
export function otpauthUri(secret: string, issuer: string, label: string): string {
  return new TOTP({ issuer, label, algorithm: 'SHA1', digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS, secret: Secret.fromBase32(secret) }).toString();
}

/** A secret grouped in fours for reading and typing ("ABCD EFGH …"). */
export const groupedSecret = (secret: string): string => secret.replace(/(.{4})(?=.)/g, '$1 ');

/** A QR code as the dark modules' path over a square of `size` modules (quiet zone not included). */
export interface QrPath {
  size: number;
  /** An SVG path: one 1×1 square per dark module. */
  d: string;
}

/** The QR code of some text, as an SVG path (drawn by the page itself: no inline styles or scripts). */
export function qrPath(text: string): QrPath {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const parts: string[] = [];
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) if (modules.get(row, col)) parts.push(`M${col} ${row}h1v1h-1z`);
  }
  return { size: modules.size, d: parts.join('') };
}
