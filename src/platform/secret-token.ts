import crypto from 'node:crypto';

/** A new session or link token: 32 random bytes, base64url (43 characters). */
export const newToken = (): string => crypto.randomBytes(32).toString('base64url');

/** SHA-256 of a token, hex: what the database keeps instead of the token. */
export const tokenHash = (token: string): string => crypto.createHash('sha256').update(token).digest('hex');
