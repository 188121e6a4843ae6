import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import { type Page, pageOf } from '../../platform/pagination.js';
import { articlePath } from '../../platform/urls.js';
import type { ArticlesService } from '../articles/articles.service.js';
import type { SettingsService } from '../settings/settings.service.js';
import { storedVisible } from './comments.counts.js';
import * as repo from './comments.repository.js';
import { type ThreadAt, type ThreadPage, threadPage, viewerExtras } from './comments.thread-page.js';
import { placesBefore } from './comments.thread-queries.js';
import { grow, isMine, present, readingOrder, REPLIES_SHOWN, type ViewContext } from './comments.thread-tree.js';
import { ANONYMOUS, type CommentLocation, type OwnComment, type ThreadComment, type ThreadSort, type Viewer } from './comments.types.js';

export { isMine, present, REPLIES_SHOWN } from './comments.thread-tree.js';
/** Editors' picks shown above the thread. */
export const PICKS_SHOWN = 5;

export interface ThreadDeps {
  db: Db;
  clock: Clock;
  settings: SettingsService;
  articles: Pick<ArticlesService, 'byId'>;
}

/** Whether every ancestor lets a comment show (approved, or removed with it below). */
const chainVisible = (chain: repo.ThreadRow[]) => chain.slice(1).every((r) => r.status === 'approved' || r.status === 'deleted');

/** One comment as the viewer may see it, with its ancestors (comment first), or undefined. */
async function visibleChain(db: Db, id: number, viewer: Viewer): Promise<repo.ThreadRow[] | undefined> {
  const chain = await repo.chain(db, id);
  const [self] = chain;
  if (!self || !chainVisible(chain)) return undefined;
  const own = self.status === 'pending' && isMine(self, viewer);
  return self.status === 'approved' || own ? chain : undefined;
}

/** What live streams read: where the thread stands now, and what became visible since. */
function createLiveReads(db: Db) {
  return {
    /** The newest approved comment's id (0 when none): where a page's live stream starts, whatever page of the thread it shows. */
    async newestId(articleId: number): Promise<number> {
      return repo.newestApprovedId(db, articleId);
    },

    /** Visible comments of an article newer than an id, oldest first, for live updates; top-level ones numbered as in the oldest-first thread. */
    async visibleSince(articleId: number, afterId: number, limit = 50): Promise<ThreadComment[]> {
      const rows = await repo.approvedAfter(db, articleId, afterId, limit);
      const ctx: ViewContext = { viewer: ANONYMOUS, reacted: new Set(), editWindowMs: 0 };
      const out: ThreadComment[] = [];
      for (const row of rows) {
        const chain = row.parent_id === null ? [row] : await visibleChain(db, row.id, ANONYMOUS);
        if (!chain) continue;
        const c = present(row, chain.length - 1, ctx);
        if (c.parentId === null) c.number = (await repo.approvedRootsBefore(db, articleId, c.createdAt, c.id)) + 1;
        out.push(c);
      }
      return out;
    },

    /** Ids of an article's visible comments (for live streams to tell arrivals and removals). */
    visibleIds(articleId: number): Promise<number[]> {
      return repo.visibleIds(db, articleId);
    },

    /** A cheap fingerprint that changes whenever what is visible in the article's thread may have changed. */
    visibilityFingerprint(articleId: number): Promise<string> {
      return repo.visibilityFingerprint(db, articleId);
    },
  };
}

export type ThreadReader = ReturnType<typeof createThreadReader>;

/** Reading comments: threads, single comments, permalinks, counts. */
export function createThreadReader({ db, settings, articles }: ThreadDeps) {
  async function context(viewer: Viewer, ids: number[]): Promise<ViewContext> {
    const site = await settings.get();
    const reacted = viewer.readerId !== null ? await repo.reactedBy(db, viewer.readerId, ids) : new Set<number>();
    return { viewer, reacted, editWindowMs: site.editWindowMinutes * 60_000 };
  }

  return {
    /** Visible comment counts for each article id (0 when none): approved comments readers can see, as stored with each change. */
    async counts(articleIds: number[]): Promise<Map<number, number>> {
      const found = await storedVisible(db, [...new Set(articleIds)]);
      return new Map(articleIds.map((id) => [id, found.get(id) ?? 0]));
    },

    /**
     * One page of an article's thread: top-level comments in the chosen order
     * (oldest first numbered), from a page number (old links), after or
     * before a top-level comment, or at the end; each with its replies nested
     * beneath, at most REPLIES_SHOWN of them; the viewer's own held comments
     * included. See comments.thread-page.ts.
     */
    async thread(articleId: number, opts: { page?: number; at?: ThreadAt; perPage: number; sort?: ThreadSort; viewer?: Viewer }): Promise<ThreadPage> {
      const viewer = opts.viewer ?? ANONYMOUS;
      const at = opts.at ?? { page: opts.page ?? 1 };
      return threadPage(db, articleId, { at, perPage: opts.perPage, sort: opts.sort ?? 'oldest', viewer }, (ids) => context(viewer, ids));
    },

    /** Featured comments of an article (editors' picks), newest first, without their replies. */
    async picks(articleId: number, viewer: Viewer = ANONYMOUS): Promise<ThreadComment[]> {
      const rows = await repo.featured(db, articleId, PICKS_SHOWN * 2);
      const ctx = await context(
        viewer,
        rows.map((r) => r.id),
      );
      const out: ThreadComment[] = [];
      for (const row of rows) {
        // A pick is approved; a top-level one has no ancestors to hide it.
        const chain = row.parent_id === null ? [row] : await visibleChain(db, row.id, viewer);
        if (chain) out.push(present(row, chain.length - 1, ctx));
        if (out.length === PICKS_SHOWN) break;
      }
      return out;
    },

    /** One comment as the viewer may see it (visible, or their own held one), without replies. */
    async get(commentId: number, viewer: Viewer = ANONYMOUS): Promise<(ThreadComment & { articleId: number }) | undefined> {
      const chain = await visibleChain(db, commentId, viewer);
      if (!chain) return undefined;
      const row = chain[0]!;
      return { ...present(row, chain.length - 1, await context(viewer, [row.id])), articleId: row.article_id };
    },

    /**
     * A visible comment with all its visible replies; or a comment its author
     * removed, as the thread's placeholder, while replies still hang from it
     * (the thread links there when it shows only the first of them).
     */
    async subthread(commentId: number, viewer: Viewer = ANONYMOUS): Promise<{ articleId: number; root: ThreadComment } | undefined> {
      const chain = await repo.chain(db, commentId);
      const row = chain[0];
      if (!row || !chainVisible(chain)) return undefined;
      if (row.status !== 'approved' && row.status !== 'deleted' && !(row.status === 'pending' && isMine(row, viewer))) return undefined;
      const rows = await repo.descendants(db, [row.id], viewer);
      const ctx = await context(viewer, [row.id, ...rows.map((r) => r.id)]);
      const root = present(row, chain.length - 1, ctx);
      grow([root], rows, ctx);
      if (root.state === 'removed' && root.replies.length === 0) return undefined;
      return { articleId: row.article_id, root };
    },

    /** Where a comment the viewer may see is: the page of the oldest-first thread holding its top-level ancestor. */
    async locate(commentId: number, viewer: Viewer = ANONYMOUS): Promise<CommentLocation | undefined> {
      const chain = await visibleChain(db, commentId, viewer);
      if (!chain) return undefined;
      const root = chain[chain.length - 1]!;
      const site = await settings.get();
      // Counted as this viewer's thread pages are (their own held comments take places there too).
      const before = (await placesBefore(db, root.article_id, 'oldest', root, (await viewerExtras(db, root.article_id, viewer)).ids)).places;
      let inMoreReplies = false;
      if (root.id !== commentId) {
        // Positions as this viewer's thread shows them: their own held replies take places too.
        const ctx: ViewContext = { viewer, reacted: new Set(), editWindowMs: 0 };
        const top = present(root, 0, ctx);
        grow([top], await repo.descendants(db, [root.id], viewer), ctx);
        const position = readingOrder(top).findIndex((c) => c.id === commentId);
        inMoreReplies = position >= REPLIES_SHOWN;
      }
      return { commentId, articleId: root.article_id, rootId: root.id, page: Math.floor(before / site.commentsPerPage) + 1, inMoreReplies };
    },

    /** A reader's own comments, newest first, with where each one lives. */
    async byReader(readerId: number, page: number, perPage = 20): Promise<Page<OwnComment>> {
      const { rows, total } = await repo.byReader(db, readerId, perPage, (page - 1) * perPage);
      const site = await settings.get();
      const found = await Promise.all([...new Set(rows.map((r) => r.article_id))].map((id) => articles.byId(id)));
      const byId = new Map(found.filter((a) => a !== undefined).map((a) => [a.id, a]));
      const items = rows.map<OwnComment>((r) => {
        const a = byId.get(r.article_id);
        return {
          id: r.id,
          articleId: r.article_id,
          articleHeadline: a?.headline ?? '',
          articlePath: a ? articlePath(a.slug, a.published_at, site.timezone) : '/',
          body: r.body,
          status: r.status === 'approved' ? 'approved' : r.status === 'pending' ? 'pending' : r.status === 'rejected' ? 'rejected' : 'removed',
          createdAt: r.created_at,
          editedAt: r.edited_at,
        };
      });
      return pageOf(items, page, perPage, total);
    },

    ...createLiveReads(db),
  };
}
