import crypto from 'node:crypto';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import { AppError, conflict, invalidInput } from '../../platform/errors.js';
import { tokenHash } from '../../platform/secret-token.js';
import type { SettingsService } from '../settings/settings.service.js';
import * as repo from './two-factor.repository.js';
import { groupedSecret, looksLikeTotp, matchingStep, newTotpSecret, otpauthUri, type QrPath, qrPath } from './two-factor.totp.js';

/*
 * Two-step sign-in with an authenticator app: setting it up (a pending secret
 * until a code confirms it), recovery codes, checking codes, turning it off.
 * Secrets are stored as they are (base32): the server has no secret of its
 * own outside the database to encrypt them with (docs/accounts.md).
 */

export const RECOVERY_CODE_COUNT = 10;
/** 32 letters and digits, none easily mistaken for another (no 0/o, 1/l). */
const RECOVERY_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** A new recovery code: 16 characters (80 random bits), in groups of four. */
function newRecoveryCode(): string {
  const bytes = crypto.randomBytes(16);
  const chars = [...bytes].map((b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]).join('');
  return chars.replace(/(.{4})(?=.)/g, '$1-');
}

/** A recovery code as typed, in the form it is hashed in: lower case, without spaces or dashes. */
export const normaliseRecoveryCode = (typed: string): string => typed.toLowerCase().replace(/[\s-]/g, '');

/** How a second step was proved. */
export type CodeKind = 'app' | 'recovery';

/** What the account page shows of an account's two-step sign-in. */
export interface TwoFactorStatus {
  enabled: boolean;
  enabledAt: string | null;
  recoveryCodesLeft: number;
  /** While setting up: the secret to type in, and the QR code to scan. */
  pending: { secret: string; grouped: string; uri: string; qr: QrPath } | null;
}

export const wrongCode = (message = 'That code is not right. Type the six digits your app shows now (or a recovery code).') => new AppError('wrong_code', 401, message);

export type TwoFactorService = ReturnType<typeof createTwoFactorService>;

export function createTwoFactorService(db: Db, clock: Clock, settings: SettingsService) {
  const at = () => clock.now().toISOString();

  /** Ten new recovery codes replace the account's old ones; returns them (the only time they are seen). */
  async function freshRecoveryCodes(accountId: number): Promise<string[]> {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    await repo.replaceRecoveryCodes(
      db,
      accountId,
      codes.map((c) => tokenHash(normaliseRecoveryCode(c))),
      at(),
    );
    return codes;
  }

  return {
    async status(account: { id: number; email: string }): Promise<TwoFactorStatus> {
      const row = await repo.findTwoFactor(db, account.id);
      const enabled = Boolean(row?.secret);
      const pendingSecret = row?.pending_secret ?? null;
      let pending: TwoFactorStatus['pending'] = null;
      if (pendingSecret) {
        const uri = otpauthUri(pendingSecret, (await settings.get()).name, account.email);
        pending = { secret: pendingSecret, grouped: groupedSecret(pendingSecret), uri, qr: qrPath(uri) };
      }
      return { enabled, enabledAt: row?.enabled_at ?? null, recoveryCodesLeft: enabled ? await repo.unusedRecoveryCodes(db, account.id) : 0, pending };
    },

    /** Start setting up (again): a new pending secret, shown until confirmed. */
    async begin(accountId: number): Promise<void> {
      const row = await repo.findTwoFactor(db, accountId);
      if (row?.secret) throw conflict('Two-step sign-in is already on. Turn it off first to move it to another app.');
      await repo.savePendingSecret(db, accountId, newTotpSecret(), at());
    },

    /** Stop setting up: the pending secret is forgotten. */
    async cancel(accountId: number): Promise<void> {
      await repo.clearPendingSecret(db, accountId, at());
    },

    /** Confirm the pending secret with a code from the app: two-step sign-in is on. Returns the new recovery codes. */
    async confirm(accountId: number, typed: string): Promise<string[]> {
      const row = await repo.findTwoFactor(db, accountId);
      if (row?.secret) throw conflict('Two-step sign-in is already on.');
      const pending = row?.pending_secret;
      if (!pending) throw conflict('Setting up has not started, or was cancelled. Choose “Set up two-step sign-in” to start again.');
      if (!looksLikeTotp(typed)) throw invalidInput('Type the six-digit code your authenticator app shows for this site.');
      const step = matchingStep(pending, typed, clock.now(), null);
      if (step === null) throw invalidInput('That code is not right. Check that the time on your phone is set automatically, and type the code your app shows now.');
      if (!(await repo.confirmPendingSecret(db, accountId, pending, step, at()))) throw conflict('Setting up was restarted meanwhile. Scan the new code and try again.');
      return freshRecoveryCodes(accountId);
    },

    /** New recovery codes for an account with two-step sign-in on; the old ones stop working. */
    async regenerateRecoveryCodes(accountId: number): Promise<string[]> {
      const row = await repo.findTwoFactor(db, accountId);
      if (!row?.secret) throw conflict('Recovery codes come with two-step sign-in: set that up first.');
      return freshRecoveryCodes(accountId);
    },

    /**
     * Check a code for a second step: a current code from the app (each time
     * step once), or an unused recovery code (then used up). Returns how it
     * was proved, or null for a wrong (or reused) code.
     */
    async check(accountId: number, typed: string, options: { recovery: boolean } = { recovery: true }): Promise<CodeKind | null> {
      const text = String(typed ?? '').slice(0, 100);
      const row = await repo.findTwoFactor(db, accountId);
      if (!row?.secret) return null;
      if (looksLikeTotp(text)) {
        const step = matchingStep(row.secret, text, clock.now(), row.last_used_step);
        return step !== null && (await repo.claimStep(db, accountId, step)) ? 'app' : null;
      }
      if (!options.recovery) return null;
      const code = normaliseRecoveryCode(text);
      if (!/^[a-z0-9]{16}$/.test(code)) return null;
      return (await repo.useRecoveryCode(db, accountId, tokenHash(code), at())) ? 'recovery' : null;
    },

    /** Turn two-step sign-in off (the caller has checked the password or a code). */
    async disable(accountId: number): Promise<void> {
      await repo.deleteTwoFactor(db, accountId);
    },
  };
}
