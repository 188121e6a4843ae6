import type { Db } from '../../platform/db/database.js';
import { invalidInput } from '../../platform/errors.js';
import type { ReadersContext } from './readers.context.js';
import { isBanned, MAX_BAN_REASON_LENGTH, PERMANENT_BAN_UNTIL, type Reader } from './readers.rules.js';

/** A reader's standing with the moderators: bans and suspensions. */
export function createReaderStanding(ctx: ReadersContext) {
  const { db, now, change } = ctx;

  return {
    /**
     * Ban a reader from commenting (`until` null) or suspend them until a
     * future time. Pass `trx` to make it part of a larger change.
     */
    async ban(id: number, input: { until: string | null; reason: string }, trx?: Db): Promise<Reader> {
      let until = PERMANENT_BAN_UNTIL;
      if (input.until !== null) {
        const t = typeof input.until === 'string' ? Date.parse(input.until) : Number.NaN;
        if (!Number.isFinite(t)) throw invalidInput('The end of a suspension must be a date and time.');
        if (t <= now().getTime()) throw invalidInput('A suspension must end in the future.');
        until = t >= Date.parse(PERMANENT_BAN_UNTIL) ? PERMANENT_BAN_UNTIL : new Date(t).toISOString();
      }
      const reason = String(input.reason ?? '').trim();
      if ([...reason].length > MAX_BAN_REASON_LENGTH) throw invalidInput(`The reason is limited to ${MAX_BAN_REASON_LENGTH} characters.`);
      return change(trx ?? db, id, { banned_until: until, ban_reason: reason });
    },

    /** Lift a ban or suspension. */
    async unban(id: number, trx?: Db): Promise<Reader> {
      return change(trx ?? db, id, { banned_until: null, ban_reason: '' });
    },

    isBanned,

    /** Whether the reader may not comment now, by the service's clock. */
    isBannedNow(reader: Pick<Reader, 'bannedUntil'>): boolean {
      return isBanned(reader, now());
    },
  };
}
