import type { Services } from '../../services.js';
import { articlePath } from '../articles/articles.urls.js';
import type { ThreadComment, Viewer } from './comments.types.js';

/*
 * Comments as the JSON API shows them: explicit fields, never the nested
 * `replies` of the service's shape, and permalinks to the page of the
 * article's thread that holds each comment.
 */

export interface ApiComment {
  id: number;
  parentId: number | null;
  number: number | null;
  depth: number;
  authorName: string;
  body: string;
  createdAt: string;
  url: string | null;
  state: ThreadComment['state'];
  editedAt: string | null;
  featured: boolean;
  staff: boolean;
  reactions: number;
  reacted: boolean;
  mine: boolean;
  editableUntil: string | null;
  moreReplies: number;
}

/** One comment, without its replies. */
export function apiComment(c: ThreadComment, url: string | null): ApiComment {
  return {
    id: c.id,
    parentId: c.parentId,
    number: c.number,
    depth: c.depth,
    authorName: c.authorName,
    body: c.body,
    createdAt: c.createdAt,
    url,
    state: c.state,
    editedAt: c.editedAt,
    featured: c.featured,
    staff: c.staff,
    reactions: c.reactions,
    reacted: c.reacted,
    mine: c.mine,
    editableUntil: c.editableUntil,
    moreReplies: c.moreReplies,
  };
}

/** Comments and their replies in reading order (each followed by its replies, depth first). */
export function flatten(items: ThreadComment[], urlOf: (c: ThreadComment) => string | null): ApiComment[] {
  const out: ApiComment[] = [];
  const walk = (c: ThreadComment) => {
    out.push(apiComment(c, urlOf(c)));
    c.replies.forEach(walk);
  };
  items.forEach(walk);
  return out;
}

/** The first comment of a subthread that can be located: a removed comment cannot, but its replies can. */
function locatable(c: ThreadComment): ThreadComment | undefined {
  if (c.state !== 'removed') return c;
  for (const r of c.replies) {
    const found = locatable(r);
    if (found) return found;
  }
  return undefined;
}

/** Absolute permalinks of comments, from where the comments service locates them. */
export function createPermalinks(services: Pick<Services, 'comments' | 'articles' | 'settings'>, siteUrl: string) {
  const absolute = (path: string) => new URL(path, siteUrl + '/').toString();
  const link = (path: string, page: number, id: number) => `${absolute(path)}${page > 1 ? `?comments=${page}` : ''}#comment-${id}`;

  /** The article's public path, or undefined while readers cannot see it. */
  async function articlePathOf(articleId: number): Promise<string | undefined> {
    const [row, visible, site] = await Promise.all([services.articles.byId(articleId), services.articles.isVisible(articleId), services.settings.get()]);
    if (!row || !visible) return undefined;
    return articlePath(row.slug, row.published_at, site.timezone);
  }

  return {
    articlePathOf,

    /** The permalink of one comment the viewer may see, or null. */
    async of(commentId: number, viewer: Viewer, path?: string): Promise<string | null> {
      const loc = await services.comments.locate(commentId, viewer);
      if (!loc) return null;
      const where = path ?? (await articlePathOf(loc.articleId));
      return where ? link(where, loc.page, commentId) : null;
    },

    /**
     * Permalinks for a page of the thread: every comment is on the page of
     * its top-level comment, so one lookup per top-level comment does.
     */
    async forThread(roots: ThreadComment[], viewer: Viewer, path: string): Promise<(c: ThreadComment) => string | null> {
      const pageOf = new Map<number, number>();
      await Promise.all(
        roots.map(async (root) => {
          const probe = locatable(root);
          const loc = probe ? await services.comments.locate(probe.id, viewer) : undefined;
          if (!loc) return;
          const mark = (c: ThreadComment) => {
            pageOf.set(c.id, loc.page);
            c.replies.forEach(mark);
          };
          mark(root);
        }),
      );
      return (c) => {
        const page = pageOf.get(c.id);
        return page === undefined ? null : link(path, page, c.id);
      };
    },
  };
}

export type Permalinks = ReturnType<typeof createPermalinks>;

/** Whether and how the viewer may comment, as the API tells it (an explicit list: nothing else the service knows). */
export function apiCommenting(state: Awaited<ReturnType<Services['comments']['commentingState']>>) {
  return {
    open: state.open,
    canPost: state.canPost,
    reason: state.reason,
    bannedUntil: state.bannedUntil,
    guestsAllowed: state.guestsAllowed,
    maxLength: state.maxLength,
    maxDepth: state.maxDepth,
    editWindowMinutes: state.editWindowMinutes,
  };
}
