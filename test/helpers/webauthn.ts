import crypto from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';
import type { AuthenticationResponseJSON, PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON, RegistrationResponseJSON } from '@simplewebauthn/server';

/*
 * A software authenticator for tests: makes passkeys (ES256, attestation
 * "none") and signs with them exactly as a browser and an authenticator
 * would answer WebAuthn options, with knobs to make each answer wrong in one
 * way (another origin, no user verification, a counter that goes back, a
 * broken signature).
 */

export interface SoftPasskey {
  id: string;
  privateKey: crypto.KeyObject;
  cose: Uint8Array;
  /** The user handle (base64url) the site gave when it was made. */
  userHandle: string;
  rpId: string;
  counter: number;
}

const b64url = (b: Uint8Array | Buffer | string) => Buffer.from(b).toString('base64url');
const sha256 = (b: Uint8Array | Buffer | string) => crypto.createHash('sha256').update(b).digest();

const UP = 0x01;
const UV = 0x04;
const AT = 0x40;

function authenticatorData(rpId: string, flags: number, counter: number, attested?: { id: Buffer; cose: Uint8Array }): Buffer {
  const count = Buffer.alloc(4);
  count.writeUInt32BE(counter);
  const parts: Buffer[] = [sha256(rpId), Buffer.from([flags]), count];
  if (attested) {
    const length = Buffer.alloc(2);
    length.writeUInt16BE(attested.id.length);
    parts.push(Buffer.alloc(16), length, attested.id, Buffer.from(attested.cose));
  }
  return Buffer.concat(parts);
}

export interface AnswerOptions {
  origin?: string;
  /** Whether the person was verified (PIN, fingerprint); default true. */
  verified?: boolean;
  /** The counter to report (default: one more than last time). */
  counter?: number;
  /** Flip a bit of the signature. */
  breakSignature?: boolean;
  /** Answer with another challenge than the options gave. */
  challenge?: string;
}

/** Make a new passkey for registration options, as the browser would send it. */
export function createPasskey(options: PublicKeyCredentialCreationOptionsJSON, origin: string, answer: AnswerOptions = {}): { passkey: SoftPasskey; response: RegistrationResponseJSON } {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  const cose = isoCBOR.encode(
    new Map<number, number | Uint8Array>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, Buffer.from(jwk.x!, 'base64url')],
      [-3, Buffer.from(jwk.y!, 'base64url')],
    ]),
  );
  const id = crypto.randomBytes(16);
  const rpId = options.rp.id!;
  const flags = UP | AT | (answer.verified === false ? 0 : UV);
  const authData = authenticatorData(rpId, flags, 0, { id, cose });
  const clientData = JSON.stringify({ type: 'webauthn.create', challenge: answer.challenge ?? options.challenge, origin: answer.origin ?? origin, crossOrigin: false });
  const attestationObject = isoCBOR.encode(
    new Map<string, string | Map<string, string> | Uint8Array>([
      ['fmt', 'none'],
      ['attStmt', new Map<string, string>()],
      ['authData', authData],
    ]),
  );
  return {
    passkey: { id: b64url(id), privateKey, cose, userHandle: options.user.id, rpId, counter: 0 },
    response: {
      id: b64url(id),
      rawId: b64url(id),
      type: 'public-key',
      response: { clientDataJSON: b64url(clientData), attestationObject: b64url(attestationObject), transports: ['internal'] },
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
    },
  };
}

/** Sign sign-in options with a passkey, as the browser would send the answer. */
export function signWith(passkey: SoftPasskey, options: PublicKeyCredentialRequestOptionsJSON, origin: string, answer: AnswerOptions = {}): AuthenticationResponseJSON {
  const counter = answer.counter ?? passkey.counter + 1;
  passkey.counter = Math.max(passkey.counter, counter);
  const authData = authenticatorData(passkey.rpId, UP | (answer.verified === false ? 0 : UV), counter);
  const clientData = JSON.stringify({ type: 'webauthn.get', challenge: answer.challenge ?? options.challenge, origin: answer.origin ?? origin, crossOrigin: false });
  const signature = crypto.sign('sha256', Buffer.concat([authData, sha256(clientData)]), passkey.privateKey);
  if (answer.breakSignature) signature[signature.length - 1]! ^= 1;
  return {
    id: passkey.id,
    rawId: passkey.id,
    type: 'public-key',
    response: { clientDataJSON: b64url(clientData), authenticatorData: b64url(authData), signature: b64url(signature), userHandle: passkey.userHandle },
    authenticatorAttachment: 'platform',
    clientExtensionResults: {},
  };
}
