import { calendarDate } from '../../platform/time.js';
import { zonedLocalToUtc } from '../../platform/zoned-time.js';
import * as repo from './moderation.repository.js';
import type { ModerationDeps } from './moderation.shared.js';

/** What moderators are told without opening the queue: the comments alerts are still about, and the dashboard's summary. */
export function createSummaryOps({ db, clock, settings }: ModerationDeps) {
  /** The start of today in the site's time zone, as an ISO instant. */
  function startOfToday(timezone: string): string {
    const { year, month, day } = calendarDate(clock.now().toISOString(), timezone);
    return zonedLocalToUtc(`${year}-${month}-${day}T00:00`, timezone);
  }

  return {
    /**
     * Of the comments an alert is about, those a moderator still has to look
     * at, by the queues' own rules (held ones still pending; reported ones
     * with a report nobody resolved). For moderator alerts; no actor needed.
     */
    async stillWaiting(heldIds: number[], reportedIds: number[]): Promise<{ held: number[]; reported: number[] }> {
      const [held, reported] = await Promise.all([repo.idsInQueue(db, { queue: 'pending' }, heldIds), repo.idsInQueue(db, { queue: 'reported' }, reportedIds)]);
      return { held, reported };
    },

    /** For the dashboard: comments waiting, comments with open reports, and spam caught since midnight (site time). */
    async summary(): Promise<{ pending: number; reported: number; spamToday: number }> {
      const site = await settings.get();
      const [pending, reported, spamToday] = await Promise.all([
        repo.countQueue(db, { queue: 'pending' }),
        repo.countQueue(db, { queue: 'reported' }),
        repo.countSpamSince(db, startOfToday(site.timezone)),
      ]);
      return { pending, reported, spamToday };
    },
  };
}
