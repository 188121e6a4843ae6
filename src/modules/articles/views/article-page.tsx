import { dateTime, fullDate, sameDay, timeOfDay, type Zone } from '../../../platform/time.js';
import type { Chrome } from '../../../views/chrome.js';
import { Byline, Picture, Teaser } from '../../../views/components.js';
import { commentFeeds } from '../../../views/feed-links.js';
import { Layout } from '../../../views/layout.js';
import { rawMarkup } from '../../../views/render.js';
import type { Author } from '../../authors/authors.service.js';
import type { ThreadPage } from '../../comments/comments.service.js';
import { CommentsSection, type Discussion } from '../../comments/views/thread.js';
import { DiscussionLink } from '../../comments/views/discussion-link.js';
import type { ArticleCard, ArticleDetail } from '../articles.service.js';
import { authorPath, sectionPath, tagPath } from '../../../platform/urls.js';
import { absoluteUrl, JsonLd } from '../../../views/structured-data.js';
import { articleBreadcrumbs, articleJsonLd, articleSocialImage } from './article-jsonld.js';
import { LiveLatest } from './live-latest.js';
import { LiveUpdates } from './live-updates.js';
import { PrintAddress, PrintChoice } from './print-parts.js';
import { ShareLinks } from './share-links.js';

export { LiveUpdateItem } from './live-updates.js';

export interface ArticlePageProps {
  chrome: Chrome;
  article: ArticleDetail;
  readNext: ArticleCard | null;
  latest: ArticleCard[];
  commentCount: number;
  thread: ThreadPage;
  /** Sorting, editors' picks and the form; without it the thread is only shown (the newsroom's preview). */
  discussion?: Discussion;
  /** When the page is made: which live updates carry their date depends on the day. */
  now?: string;
  /** The reader asked to print the comments with the story (?print=comments). */
  printComments?: boolean;
}

/** Only changes a minute or more after publication count as an update. */
const UPDATE_THRESHOLD_MS = 60_000;

export function DateLine({ publishedAt, updatedAt, zone }: { publishedAt: string; updatedAt: string | null; zone: Zone }) {
  const updated = updatedAt && Date.parse(updatedAt) - Date.parse(publishedAt) >= UPDATE_THRESHOLD_MS ? updatedAt : null;
  return (
    <p class="dateline">
      <time class="dateline__published" dateTime={publishedAt}>
        {fullDate(publishedAt, zone)}
      </time>
      {updated ? (
        <span class="dateline__updated">
          {' · Updated '}
          <time dateTime={updated}>{sameDay(updated, publishedAt, zone.timezone) ? timeOfDay(updated, zone) : dateTime(updated, zone)}</time>
        </span>
      ) : null}
    </p>
  );
}

function Corrections({ article, zone }: { article: ArticleDetail; zone: Zone }) {
  if (article.corrections.length === 0) return null;
  return (
    <section class="corrections" aria-labelledby="corrections-heading">
      <h2 id="corrections-heading">{article.corrections.length === 1 ? 'Correction' : 'Corrections'}</h2>
      <ul>
        {article.corrections.map((c) => (
          <li key={c.id} id={`correction-${c.id}`}>
            <time dateTime={c.createdAt}>{dateTime(c.createdAt, zone)}</time>: {c.text}
          </li>
        ))}
      </ul>
    </section>
  );
}

function AuthorBox({ author }: { author: Author }) {
  return (
    <section class="author-box" aria-label={`About ${author.name}`}>
      {author.photo ? <Picture class="author-box__photo" image={{ ...author.photo, alt: '' }} /> : null}
      <div class="author-box__text">
        <p class="author-box__name">
          <a href={authorPath(author.slug)} rel="author">
            {author.name}
          </a>
        </p>
        {author.bio ? <p class="author-box__bio">{author.bio}</p> : null}
        <p class="author-box__more">
          <a href={authorPath(author.slug)}>All stories by {author.name}</a>
        </p>
      </div>
    </section>
  );
}

/** When comments closed, where known: their close time, once passed (an editor's closing keeps no time). */
const closedAt = (article: ArticleDetail, now: string | null) => (!article.commentsOpen && article.commentsCloseAt && now && article.commentsCloseAt <= now ? article.commentsCloseAt : null);

/** The article page: every part of the anatomy, top to bottom. */
export function ArticlePage({ chrome, article, readNext, latest, commentCount, thread, discussion, now, printComments = false }: ArticlePageProps) {
  const zone: Zone = chrome.site;
  const at = now ?? discussion?.options.now ?? new Date().toISOString();
  const url = absoluteUrl(chrome, article.path);
  const live = { developing: article.developing, updates: article.liveUpdates, publishedAt: article.publishedAt, now: at, zone };
  return (
    <Layout
      chrome={chrome}
      title={article.headline}
      description={article.dek || article.excerpt}
      canonicalPath={article.path}
      currentSection={article.section?.slug}
      feeds={discussion ? commentFeeds(article.path, article.headline) : undefined}
      bodyClass={printComments ? 'page-article print-comments' : 'page-article'}
      accountScript={discussion !== undefined}
      social={{
        type: 'article',
        title: article.headline,
        image: articleSocialImage(article),
        article: {
          publishedTime: article.publishedAt,
          modifiedTime: article.updatedAt ?? article.publishedAt,
          section: article.section?.name,
          tags: article.tags.map((t) => t.name),
          authorUrls: article.authors.map((a) => absoluteUrl(chrome, authorPath(a.slug))),
        },
      }}
      head={
        <>
          <JsonLd nodes={[articleJsonLd(article, chrome, commentCount), articleBreadcrumbs(article, chrome)]} />
          {/* Module scripts are deferred already: `defer` on one is invalid HTML. */}
          {discussion ? <script type="module" src={`/assets/live.js?v=${chrome.assetVersion}`} /> : null}
          {discussion ? <script type="module" src={`/assets/comments.js?v=${chrome.assetVersion}`} /> : null}
          {discussion ? <script type="module" src={`/assets/share.js?v=${chrome.assetVersion}`} /> : null}
        </>
      }
    >
      <article class="article" aria-labelledby="headline">
        <header class="article__header">
          {article.section ? (
            <p class="kicker">
              <a href={sectionPath(article.section.slug)}>{article.section.name}</a>
            </p>
          ) : null}
          <DateLine publishedAt={article.publishedAt} updatedAt={article.updatedAt} zone={zone} />
          <h1 id="headline" class="article__headline">
            {article.headline}
          </h1>
          {article.dek ? <p class="article__dek">{article.dek}</p> : null}
          <p class="article__byline">
            <Byline authors={article.authors} />
          </p>
          {discussion ? <DiscussionLink count={commentCount} open={article.commentsOpen} zone={zone} /> : null}
          <PrintAddress url={url} />
        </header>
        <LiveLatest {...live} />
        {article.image ? (
          <figure class="article__image">
            <Picture image={article.image} eager sizes="(min-width: 48rem) 46rem, 100vw" />
            {article.image.caption || article.image.credit ? (
              <figcaption>
                {article.image.caption ? <span class="caption">{article.image.caption}</span> : null} {article.image.credit ? <span class="credit">{article.image.credit}</span> : null}
              </figcaption>
            ) : null}
          </figure>
        ) : null}
        <div class="article__body">{rawMarkup(article.bodyHtml)}</div>
        <LiveUpdates {...live} />
        <Corrections article={article} zone={zone} />
        {article.tags.length > 0 ? (
          <ul class="article__tags" aria-label="Tags">
            {article.tags.map((t) => (
              <li key={t.id}>
                <a href={tagPath(t.slug)} rel="tag">
                  {t.name}
                </a>
              </li>
            ))}
          </ul>
        ) : null}
        {discussion ? <ShareLinks url={url} headline={article.headline} /> : null}
        {article.commentPrompt && article.commentsOpen ? <p class="comment-prompt">{article.commentPrompt}</p> : null}
        {readNext ? (
          <aside class="read-next" aria-labelledby="read-next-heading">
            <h2 id="read-next-heading">Read next</h2>
            <Teaser article={readNext} zone={zone} headingLevel={3} />
          </aside>
        ) : null}
        {article.authors.map((a) => (
          <AuthorBox key={a.id} author={a} />
        ))}
        {discussion ? <PrintChoice path={article.path} withComments={printComments} /> : null}
        <CommentsSection
          count={commentCount}
          thread={thread}
          open={article.commentsOpen}
          closedAt={closedAt(article, discussion?.options.now ?? null)}
          zone={zone}
          articlePath={article.path}
          discussion={discussion}
        />
      </article>
      {latest.length > 0 ? (
        <aside class="latest-news" aria-labelledby="latest-heading">
          <h2 id="latest-heading">Latest News</h2>
          <ul>
            {latest.map((a) => (
              <li key={a.id}>
                <Teaser article={a} zone={zone} variant="compact" showSection />
              </li>
            ))}
          </ul>
        </aside>
      ) : null}
    </Layout>
  );
}
