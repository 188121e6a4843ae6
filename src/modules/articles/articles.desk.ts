import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import type { SettingsService } from '../settings/settings.service.js';
import * as repo from './articles.repository.js';
import { articlePath } from '../../platform/urls.js';
import type { Role } from '../../platform/db/schema.js';
import { can } from '../accounts/permissions.js';

/** The newsroom's desk: what is being written, waits for review, is scheduled or went out. */
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
      const [drafts, inReview, scheduled, published] = await Promise.all([
        repo.listForDesk(db, { statuses: ['draft'], mine }, limit),
        repo.listForDesk(db, { statuses: ['in_review'], ...scope }, limit),
        repo.listForDesk(db, { statuses: ['scheduled', 'published'], publishedAfter: now, ...scope }, limit),
        repo.listForDesk(db, { statuses: ['scheduled', 'published'], publishedBefore: now, ...scope }, limit),
      ]);
      return { ownOnly: 'mine' in scope, drafts: present(drafts), inReview: present(inReview), scheduled: present(scheduled), published: present(published) };
    },

    /** The next time a scheduled story goes live by itself, if one is waiting. */
    async nextScheduledAt(): Promise<string | null> {
      return repo.nextScheduledAt(db, nowIso());
    },
  };
}
