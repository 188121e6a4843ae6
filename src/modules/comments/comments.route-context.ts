import type { Clock } from '../../platform/clock.js';
import { notFound } from '../../platform/errors.js';
import type { Services } from '../../services.js';
import type { SiteChrome } from '../site/site.chrome.js';
import type { ThreadComment, Viewer } from './comments.types.js';
import type { ArticleRef } from './views/comment-pages.js';
import { repliesPath, type ThreadOptions } from './views/thread.js';

/** What the reader's comment pages are built from. */
export interface CommentRouteDeps {
  services: Services;
  chrome: () => Promise<SiteChrome>;
  clock: Clock;
}

export type Body = Record<string, unknown>;

/**
 * Comment ids in paths: at most nine digits, so every id that reaches a route
 * fits the databases' integer; the IdPath schema then refuses 0 and leading zeros.
 */
export const ID = ':id(^\\d{1,9}$)';

export const NO_STORE = 'no-store';

/** A form or JSON field as text; anything else (arrays, objects) counts as absent. */
export const field = (body: Body, name: string): string => {
  const v = body[name];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
};

/** The route dependencies, and the lookups several comment pages share. */
export interface CommentRouteContext extends CommentRouteDeps {
  /** The visible article with this id, as the comment pages link to it. */
  articleRef(articleId: number): Promise<ArticleRef | undefined>;
  /** The visible article with this id, or a 404. */
  requireArticle(articleId: number): Promise<ArticleRef>;
  /** Where a comment is shown: its page of the thread, or its top-level comment's replies page. */
  placeOf(id: number, viewer: Viewer): Promise<string | undefined>;
  /** A comment the visitor may see, or a 404. */
  visibleComment(id: number, viewer: Viewer): Promise<ThreadComment & { articleId: number }>;
  threadOptions(csrf: string, viewer: Viewer, canReply: boolean): ThreadOptions;
}

/** The shared lookups of the comment pages, over the route dependencies. */
export function createRouteContext(deps: CommentRouteDeps): CommentRouteContext {
  const { services, clock } = deps;
  const comments = services.comments;

  async function articleRef(articleId: number): Promise<ArticleRef | undefined> {
    const ref = (await services.articles.refs([articleId])).get(articleId);
    return ref?.path ? { id: ref.id, headline: ref.headline, path: ref.path } : undefined;
  }

  async function requireArticle(articleId: number): Promise<ArticleRef> {
    const article = await articleRef(articleId);
    if (!article) throw notFound('story');
    return article;
  }

  async function placeOf(id: number, viewer: Viewer): Promise<string | undefined> {
    const loc = await comments.locate(id, viewer);
    if (!loc) return undefined;
    const article = await articleRef(loc.articleId);
    if (!article) return undefined;
    if (loc.inMoreReplies) return repliesPath(loc.rootId, id);
    return `${article.path}${loc.page > 1 ? `?comments=${loc.page}` : ''}#comment-${id}`;
  }

  async function visibleComment(id: number, viewer: Viewer): Promise<ThreadComment & { articleId: number }> {
    const c = await comments.get(id, viewer);
    if (!c) throw notFound('comment');
    return c;
  }

  const threadOptions = (csrf: string, viewer: Viewer, canReply: boolean): ThreadOptions => ({
    csrf,
    now: clock.now().toISOString(),
    canReact: viewer.readerId !== null,
    canReply,
  });

  return { ...deps, articleRef, requireArticle, placeOf, visibleComment, threadOptions };
}
