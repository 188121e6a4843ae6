import type { Services } from '../../services.js';
import type { ThreadComment, Viewer } from './comments.types.js';
import { absoluteUrl } from '../../platform/urls.js';

/*
 * Comments as the JSON API shows them: the service's shape without its nested
 * `replies`, flattened in reading order, with permalinks to the page of the
 * article's thread that holds each comment.
 */

/** A comment as the API shows it: the thread's shape without nested replies, with its permalink. */
export type ApiComment = Omit<ThreadComment, 'replies'> & { url: string | null };

/** One comment, without its replies (the routes' response schemas keep answers to their declared fields). */
export function apiComment(c: ThreadComment, url: string | null): ApiComment {
  const { replies: _replies, ...fields } = c;
  return { ...fields, url };
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
export function createPermalinks(services: Pick<Services, 'comments' | 'articles'>, siteUrl: string) {
  const absolute = (path: string) => absoluteUrl(siteUrl, path);
  const link = (path: string, page: number, id: number) => `${absolute(path)}${page > 1 ? `?comments=${page}` : ''}#comment-${id}`;

  /** The article's public path, or undefined while readers cannot see it. */
  async function articlePathOf(articleId: number): Promise<string | undefined> {
    return (await services.articles.refs([articleId])).get(articleId)?.path ?? undefined;
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
