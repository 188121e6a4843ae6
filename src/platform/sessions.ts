/**
 * How long a sign-in session lasts, for staff and readers alike. Each module
 * keeps its sessions in its own table; the rule for when one ends is here.
 */

const MINUTE = 60_000;
const DAY = 86_400_000;
/** A session ends after this long without use… */
export const SESSION_IDLE_MS = 14 * DAY;
/** …and after this long in any case. */
export const SESSION_MAX_MS = 30 * DAY;
/** Only write "last seen" this often, so reading pages does not mean writing rows. */
export const SESSION_TOUCH_EVERY_MS = 5 * MINUTE;

interface SessionTimes {
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

/** The times a session opened now starts with. */
export function openingTimes(now: Date): SessionTimes {
  const at = now.toISOString();
  return { created_at: at, last_seen_at: at, expires_at: new Date(now.getTime() + SESSION_IDLE_MS).toISOString() };
}

/**
 * What using a session now does to it: `'expired'` (forget it), `'fresh'`
 * (seen lately, write nothing) or the new last-seen and expiry to store,
 * idle expiry pushed on but never past the hard limit from its creation.
 */
export function sessionRenewal(session: SessionTimes, now: Date): 'expired' | 'fresh' | { touch: Pick<SessionTimes, 'last_seen_at' | 'expires_at'> } {
  if (session.expires_at <= now.toISOString()) return 'expired';
  if (now.getTime() - Date.parse(session.last_seen_at) < SESSION_TOUCH_EVERY_MS) return 'fresh';
  const expires = Math.min(Date.parse(session.created_at) + SESSION_MAX_MS, now.getTime() + SESSION_IDLE_MS);
  return { touch: { last_seen_at: now.toISOString(), expires_at: new Date(expires).toISOString() } };
}

/** Where a module keeps its sessions, by the hash of their token. */
export interface SessionStore<S extends SessionTimes> {
  find(id: string): Promise<S | undefined>;
  remove(id: string): Promise<void>;
  touch(id: string, lastSeenAt: string, expiresAt: string): Promise<void>;
}

/**
 * The session stored under `id` if it is still alive, after applying
 * sessionRenewal: an expired one is deleted, a stale one's times pushed on.
 */
export async function liveSession<S extends SessionTimes>(store: SessionStore<S>, id: string, now: Date): Promise<S | undefined> {
  const session = await store.find(id);
  if (!session) return undefined;
  const renewal = sessionRenewal(session, now);
  if (renewal === 'expired') {
    await store.remove(id);
    return undefined;
  }
  if (renewal !== 'fresh') await store.touch(id, renewal.touch.last_seen_at, renewal.touch.expires_at);
  return session;
}
