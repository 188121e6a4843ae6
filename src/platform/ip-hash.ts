import crypto from 'node:crypto';

/**
 * What is kept of a visitor's IP address: an HMAC under the install secret,
 * enough to count and match requests from one address, useless for finding
 * the address again without the secret.
 */
export function hashIp(secret: Buffer, ip: string): string {
  return crypto.createHmac('sha256', secret).update(`ip:${ip}`).digest('hex').slice(0, 32);
}
