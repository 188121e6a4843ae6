import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { articleKey, setSurrogateKeys } from '../../platform/cdn.js';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { VNode } from 'preact';
import type { Clock } from '../../platform/clock.js';
import { notFound } from '../../platform/errors.js';
import { PUBLIC_PAGE_CACHE } from '../../platform/http.js';
import { sendPage } from '../../views/render.js';
import type { Services } from '../../services.js';
import type { Chrome } from '../../views/chrome.js';
import { formTokens, isGuest, isPersonal, parseSort, parseThreadAt, visitorOf } from '../comments/comments.request.js';
import { ArticlePage } from './views/article-page.js';
import { PRINT_WITH_COMMENTS } from './views/print-parts.js';
import { PageNumber } from '../../platform/route-schemas.js';

interface Deps {
  services: Services;
  chrome: () => Promise<Chrome>;
  clock: Clock;
}

const LATEST_COUNT = 5;

/** An article's address; the path's own patterns pick out the date. */
const ArticlePath = Type.Object({ year: Type.String(), month: Type.String(), day: Type.String(), slug: Type.String() });

/** Where the thread's page starts and its order, checked by parseThreadAt and parseSort, whose answers say what they accept. */
const ArticleQuery = Type.Object({
  comments: Type.Optional(PageNumber),
  after: Type.Optional(PageNumber),
  before: Type.Optional(PageNumber),
  last: Type.Optional(PageNumber),
  sort: Type.Optional(Type.String({ maxLength: 40 })),
  /** print=comments keeps the comments when the story is printed. */
  print: Type.Optional(Type.Literal(PRINT_WITH_COMMENTS)),
});

/** Public article pages. */
export async function articleRoutes(fastify: FastifyInstance, { services, chrome, clock }: Deps) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/:year(^\\d{4}$)/:month(^\\d{2}$)/:day(^\\d{2}$)/:slug',
    // The page depends on these query parameters only; others share its cached copy.
    { schema: { params: ArticlePath, querystring: ArticleQuery }, config: { pageCache: { query: ['comments', 'after', 'before', 'last', 'sort', 'print'] } } },
    async (req, reply) => {
      const found = await services.articles.findPublic(req.params.slug);
      if (!found) throw notFound('story');
      if (found.kind === 'redirect') return reply.redirect(found.path, 301);
      const { article } = found;
      const requested = `/${req.params.year}/${req.params.month}/${req.params.day}/${req.params.slug}`;
      if (requested !== article.path) return reply.redirect(article.path, 301);

      const site = await services.settings.get();
      const at = parseThreadAt(req.query);
      const sort = parseSort(req.query.sort);
      // Signed-in visitors get a page of their own (their held comments, their reactions, real form tokens);
      // everyone else shares one, whose form tokens the page's script fetches.
      const personal = isPersonal(req);
      const visitor = await visitorOf(req, services);
      const { viewer } = visitor;
      const [c, readNext, latest, thread, picks, state, sinceComment] = await Promise.all([
        chrome(),
        services.articles.readNext(article),
        services.articles.latest(LATEST_COUNT, [article.id]),
        services.comments.thread(article.id, { at, perPage: site.commentsPerPage, sort, viewer }),
        services.comments.picks(article.id, viewer),
        services.comments.commentingState(article.id, viewer),
        services.comments.newestId(article.id),
      ]);
      if ('page' in at && at.page > thread.pageCount) throw notFound('page of comments');
      const tokens = personal ? await formTokens(reply, services) : { csrf: '', formToken: '' };
      // The page says whether comments are open, so it must not outlive their closing.
      if (article.commentsCloseAt && article.commentsOpen) req.pageCacheUntil = article.commentsCloseAt;
      reply.header('cache-control', personal ? 'no-store' : PUBLIC_PAGE_CACHE);
      setSurrogateKeys(reply, [articleKey(article.id)]);
      const discussion = {
        articleId: article.id,
        sort,
        picks,
        sinceUpdate: Math.max(0, ...article.liveUpdates.map((u) => u.id)),
        sinceComment,
        options: { csrf: tokens.csrf, now: clock.now().toISOString(), canReact: viewer.readerId !== null, canReply: state.open },
        form: {
          articleId: article.id,
          state,
          ...tokens,
          guest: isGuest(viewer),
          signedInAs: visitor.name,
          moderated: state.moderated,
          next: `${article.path}#respond`,
        },
      };
      const page = {
        chrome: c,
        article,
        readNext,
        latest,
        commentCount: thread.visibleComments,
        thread,
        discussion,
        now: discussion.options.now,
        printComments: req.query.print === PRINT_WITH_COMMENTS,
      };
      return sendPage(reply, ArticlePage(page) as VNode);
    },
  );
}
