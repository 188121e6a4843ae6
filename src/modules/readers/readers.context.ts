import type { Selectable, Updateable } from 'kysely';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import type { ReaderRow, ReaderSessionsTable, ReadersTable } from '../../platform/db/schema.js';
import { invalidInput, notFound } from '../../platform/errors.js';
import type { Mailer } from '../../platform/mailer.js';
import { newToken, tokenHash } from '../../platform/secret-token.js';
import { openingTimes, type SessionStore } from '../../platform/sessions.js';
import { hashIp } from '../../platform/client-address.js';
import type { ReaderSignInThrottle } from '../accounts/sign-in-throttle.js';
import type { SettingsService } from '../settings/settings.service.js';
import * as repo from './readers.repository.js';
import { nameKey, type Reader, toReader } from './readers.rules.js';

export interface ReadersDeps {
  db: Db;
  clock: Clock;
  settings: SettingsService;
  mailer: Mailer;
  /** The site's public address: links in emails start with it. */
  siteUrl: string;
  /**
   * Password sign-in throttling and the count of emails an address asks
   * for: the accounts module's, which owns the sign_in_attempts table.
   */
  throttle: ReaderSignInThrottle;
  /** The staff's display names (the accounts module's): no reader may take one. Without it, none is refused. */
  staffNames?: () => Promise<string[]>;
}

export type ReadersContext = ReturnType<typeof createReadersContext>;

/** What the parts of the readers service share: their dependencies, and helpers over reader rows and sessions. */
export function createReadersContext(deps: ReadersDeps) {
  const { settings } = deps;
  const now = () => deps.clock.now();

  // The same hash staff sign-in keeps, so one address (an IPv6 one by its /64) reads the same in both.
  const ipHash = async (ip: string): Promise<string> => hashIp(await settings.secret(), ip);
  const sessions: SessionStore<Selectable<ReaderSessionsTable>> = {
    find: (id) => repo.findSession(deps.db, id),
    remove: (id) => repo.deleteSession(deps.db, id),
    touch: (id, lastSeenAt, expiresAt) => repo.touchSession(deps.db, id, lastSeenAt, expiresAt),
  };

  /** Open a session for a reader; returns its token (only its hash is stored). */
  async function openSession(q: Db, readerId: number): Promise<string> {
    const token = newToken();
    await repo.insertSession(q, { id: tokenHash(token), reader_id: readerId, ...openingTimes(now()) });
    return token;
  }

  /** The reader's row; 404 when there is none. */
  async function requireRow(q: Db, id: number): Promise<ReaderRow> {
    const row = await repo.findById(q, id);
    if (!row) throw notFound('reader');
    return row;
  }

  /** Change a reader's row (stamping updated_at); 404 when there is none. */
  async function change(q: Db, id: number, patch: Updateable<ReadersTable>): Promise<Reader> {
    const row = await repo.updateReader(q, id, { ...patch, updated_at: now().toISOString() });
    if (!row) throw notFound('reader');
    return toReader(row);
  }

  /** Refuse (422) a reader display name that reads as a staff member's, so no reader can pass for staff. */
  async function refuseStaffName(displayName: string): Promise<void> {
    const key = nameKey(displayName);
    const staff = deps.staffNames ? await deps.staffNames() : [];
    if (staff.some((name) => nameKey(name) === key)) {
      throw invalidInput(`“${displayName}” is the name of a member of this site's staff; choose another display name.`);
    }
  }

  return { ...deps, now, ipHash, sessions, openSession, requireRow, change, refuseStaffName };
}
