import type { Generated } from 'kysely';

/* Staff passkeys and their pending challenges, as the application sees them (re-exported by schema.ts; the accounts module owns them). */

/** A WebAuthn credential a staff member signs in with. */
export interface StaffPasskeysTable {
  id: Generated<number>;
  account_id: number;
  /** The credential's id, base64url, as the authenticator gives it. */
  credential_id: string;
  /** The COSE public key, base64url. */
  public_key: string;
  /** The signature counter last seen: a use that does not raise it (when either is non-zero) is refused. */
  counter: Generated<number>;
  /** JSON array of the transports the browser reported ("internal", "hybrid", "usb"…). */
  transports: Generated<string>;
  /** The random handle (base64url) the authenticator stores for the account; the same for all of an account's passkeys. */
  user_handle: string;
  name: string;
  /** 1 when the authenticator says the credential is backed up (synced to other devices). */
  backed_up: Generated<number>;
  created_at: string;
  last_used_at: string | null;
}

/** A challenge handed to a browser: used once, within five minutes. */
export interface StaffPasskeyChallengesTable {
  /** SHA-256 of the random value in the browser's passkey cookie. */
  id: string;
  /** 'register' or 'sign-in'. */
  purpose: string;
  challenge: string;
  /** For 'register': the account adding a passkey, its session (hash), and the handle the new passkey gets. */
  account_id: number | null;
  session_id: string | null;
  user_handle: string | null;
  expires_at: string;
}

export interface PasskeyTables {
  staff_passkeys: StaffPasskeysTable;
  staff_passkey_challenges: StaffPasskeyChallengesTable;
}
