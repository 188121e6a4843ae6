import type { Db } from '../../platform/db/database.js';
import { tokenHash } from '../../platform/secret-token.js';
import * as repo from './accounts.repository.js';

/* A staff member's own sessions, as the account page lists them, and ending them one by one. */

export interface StaffSession {
  /** The session's key (the hash of its token: it cannot be used to sign in). */
  id: string;
  createdAt: string;
  lastSeenAt: string;
  /** "Firefox on Linux", from the User-Agent. */
  browser: string;
  /** The address it was opened from ('' when not known). */
  address: string;
  /** Whether it is the session of the request asking. */
  current: boolean;
}

const BROWSERS: [RegExp, string][] = [
  [/Edg(e|A|iOS)?\//, 'Edge'],
  [/OPR\/|Opera/, 'Opera'],
  [/Firefox\/|FxiOS\//, 'Firefox'],
  [/SamsungBrowser\//, 'Samsung Internet'],
  [/Chrome\/|CriOS\/|Chromium\//, 'Chrome'],
  [/Safari\//, 'Safari'],
  [/curl\//, 'curl'],
];

const SYSTEMS: [RegExp, string][] = [
  [/iPhone/, 'iPhone'],
  [/iPad/, 'iPad'],
  [/Android/, 'Android'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/CrOS/, 'ChromeOS'],
  [/Linux/, 'Linux'],
];

/** A short description of a browser from its User-Agent ("Chrome on Android"), or "Unknown browser". */
export function describeBrowser(userAgent: string): string {
  const browser = BROWSERS.find(([re]) => re.test(userAgent))?.[1];
  const system = SYSTEMS.find(([re]) => re.test(userAgent))?.[1];
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? (system ? `A browser on ${system}` : 'Unknown browser');
}

export function createStaffSessions(db: Db, now: () => Date) {
  return {
    /** The account's sessions that have not expired, the most recently used first, the asking one marked. */
    async list(accountId: number, currentToken: string | undefined): Promise<StaffSession[]> {
      const current = currentToken ? tokenHash(currentToken) : '';
      const at = now().toISOString();
      return (await repo.sessionsOf(db, accountId))
        .filter((s) => s.expires_at > at)
        .map((s) => ({ id: s.id, createdAt: s.created_at, lastSeenAt: s.last_seen_at, browser: describeBrowser(s.user_agent), address: s.ip_address, current: s.id === current }));
    },

    /** End one of the account's sessions; false when it has none by that key. */
    end: (accountId: number, sessionId: string): Promise<boolean> => repo.deleteSessionOf(db, accountId, sessionId),

    /** End every session of the account but the asking one. Returns how many ended. */
    endOthers: (accountId: number, currentToken: string): Promise<number> => repo.deleteSessionsOfExcept(db, accountId, tokenHash(currentToken)),
  };
}
