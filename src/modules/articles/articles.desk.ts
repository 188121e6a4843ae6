import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import type { SettingsService } from '../settings/settings.service.js';
import * as repo from './articles.repository.js';
import { articlePath } from '../../platform/urls.js';
import type { Role } from '../../platform/db/schema.js';
import { can } from '../accounts/permissions.js';

/** The newsroom's desk: what is being written, waits for review, is scheduled or went out. */
const WEEK_MS = 7 * 86_400_000;

export function createDesk({ db, clock, settings }: { db: Db; clock: Clock; settings: SettingsService }) {
  const nowIso = () => clock.now().toISOString();
  return {
    /**
     * The newsroom's desk: my drafts, what waits for review, what is
     * scheduled and what went out lately. Staff who may not open anyone's
     * story (docs/roles.md) see only their own in every list: the desk
     * never names or links a story its reader could not open.
     */
    async desk(me: { accountId: number; authorId: number | null; role: Role }, limit = 10) {
      const now = nowIso();
      const site = await settings.get();
      const present = (rows: repo.DeskRow[]) =>
        rows.map((r) => ({
          id: r.id,
          slug: r.slug,
          headline: r.headline,
          status: r.status,
          publishedAt: r.published_at,
          modifiedAt: r.modified_at,
          path: r.published_at && (r.status === 'published' || r.status === 'scheduled') && r.published_at <= now ? articlePath(r.slug, r.published_at, site.timezone) : null,
        }));
      const mine = { accountId: me.accountId, authorId: me.authorId };
      const scope = can(me.role, 'article.edit-any') ? {} : { mine };
      const weekAgo = new Date(clock.now().getTime() - WEEK_MS).toISOString();
      const filters = {
        drafts: { statuses: ['draft'], mine },
        returned: { statuses: ['draft'], mine, changedByOtherThan: me.accountId },
        inReview: { statuses: ['in_review'], ...scope },
        scheduled: { statuses: ['scheduled', 'published'], publishedAfter: now, ...scope },
        published: { statuses: ['scheduled', 'published'], publishedBefore: now, ...scope },
      } satisfies Record<string, repo.DeskFilter>;
      const [drafts, returned, inReview, scheduled, published, counts] = await Promise.all([
        repo.listForDesk(db, filters.drafts, limit),
        repo.listForDesk(db, filters.returned, limit),
        repo.listForDesk(db, filters.inReview, limit),
        repo.listForDesk(db, filters.scheduled, limit),
        repo.listForDesk(db, filters.published, limit),
        // Counts only where a list can hold more than it shows; five bounded COUNTs, one per list.
        Promise.all([
          repo.countForDesk(db, filters.drafts),
          repo.countForDesk(db, filters.returned),
          repo.countForDesk(db, filters.inReview),
          repo.countForDesk(db, filters.scheduled),
          repo.countForDesk(db, { ...filters.published, publishedAfter: weekAgo }),
        ]),
      ]);
      const [draftCount, returnedCount, inReviewCount, scheduledCount, publishedThisWeek] = counts;
      return {
        ownOnly: 'mine' in scope,
        /** Whether this reader decides on others' stories in review (editors and admins): the review queue is theirs to clear. */
        reviews: can(me.role, 'article.publish-any'),
        drafts: present(drafts),
        returned: present(returned),
        inReview: present(inReview),
        scheduled: present(scheduled),
        published: present(published),
        counts: { drafts: draftCount, returned: returnedCount, inReview: inReviewCount, scheduled: scheduledCount, publishedThisWeek },
      };
    },

    /** The next time a scheduled story goes live by itself, if one is waiting. */
    async nextScheduledAt(): Promise<string | null> {
      return repo.nextScheduledAt(db, nowIso());
    },
  };
}
