/*
 * Staff two-step sign-in, owned by the accounts module (re-exported through
 * schema.ts's Database).
 */

/** One row per account that has set up (or is setting up) an authenticator app. */
export interface StaffTwoFactorTable {
  account_id: number;
  /** The confirmed authenticator secret (base32); null while only a pending one exists. */
  secret: string | null;
  /** A secret shown for setting up, not yet confirmed with a code. */
  pending_secret: string | null;
  /** The last 30-second time step a code was accepted for: codes of that step and earlier are refused. */
  last_used_step: number | null;
  enabled_at: string | null;
  updated_at: string;
}

/** Single-use recovery codes, as SHA-256 hashes. */
export interface StaffRecoveryCodesTable {
  account_id: number;
  code_hash: string;
  created_at: string;
  used_at: string | null;
}

/** The step between a right password and a right code: five minutes, five tries, used once. */
export interface StaffSignInStepsTable {
  /** SHA-256 of the cookie's token. */
  id: string;
  account_id: number;
  /** Where to go once signed in (an /admin path). */
  next: string;
  failures: number;
  created_at: string;
  expires_at: string;
}

export interface TwoFactorTables {
  staff_two_factor: StaffTwoFactorTable;
  staff_recovery_codes: StaffRecoveryCodesTable;
  staff_sign_in_steps: StaffSignInStepsTable;
}
