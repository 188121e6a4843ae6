import type { DatabaseHandle, Db } from '../../platform/db/database.js';
import type { ArticleRow, NewArticleRow } from '../../platform/db/schema.js';
import { slugify } from '../../platform/slug.js';
import { articlePath } from '../../platform/urls.js';
import { newArticleRow, settingsOf } from '../../modules/articles/articles.rules.js';
import { bodyHash } from '../../modules/comments/comments.policy.js';
import { excerptFrom } from '../../modules/markdown/markdown.text.js';
import type { Services } from '../../services.js';
import { insertRows, reserveIds } from './bulk.js';
import { bodyTag, type Newsroom, prepareNewsroom, topicTag } from './newsroom.js';
import { type GeneratedComment, spreadComments, threadComments, type ThreadPlan } from './plan.js';
import { commentPrompt, pick, type Rnd, seeded, story } from './prose.js';

/*
 * `broadsheet generate`: a large site written straight into the tables in
 * bulk (multi-row INSERTs, thousands of rows to a transaction, ids reserved
 * up front), with the same rows the modules would write for each story:
 * the article (its excerpt and columns from the articles module's rules),
 * its byline, tags and first revision, and its comments. Nothing is
 * announced while writing; afterwards the comments service recounts the
 * stored comment counts and the search index is rebuilt.
 */

export interface GenerateOptions {
  articles: number;
  comments: number;
  /** One extra story per entry, holding exactly that many comments (all approved). */
  threads: number[];
  seed: number;
  dataDir: string;
  now: Date;
  /** Progress of a phase: 'articles', 'comments', 'counts', 'search', 'statistics'. */
  onProgress?: (phase: string, done: number, total: number) => void;
}

export interface GeneratedThread {
  comments: number;
  articleId: number;
  slug: string;
  path: string;
}

export interface GenerateSummary {
  articles: number;
  comments: number;
  threads: GeneratedThread[];
}

/** Stories written per step (with their bylines, tags and revisions, in one transaction). */
const ARTICLES_PER_STEP = 1000;
/** Comments written per transaction. */
const COMMENTS_PER_STEP = 20_000;
const MINUTE = 60_000;
const DAY = 86_400_000;

interface Written {
  id: number;
  slug: string;
  publishedAt: string;
}

/**
 * The excerpt the articles module would make from the body, read from the
 * first paragraph when that is long enough to be cut (the same text,
 * without parsing the whole body).
 */
function excerptOf(markdown: string): string {
  const end = markdown.indexOf('\n\n');
  const first = excerptFrom(end < 0 ? markdown : markdown.slice(0, end));
  return first.endsWith('\u2026') ? first : excerptFrom(markdown);
}

/** The rows of one story: the article, its byline, tags and first revision. */
function storyRows(rnd: Rnd, room: Newsroom, id: number, publishedMs: number) {
  const s = story(rnd);
  const publishedAt = new Date(publishedMs).toISOString();
  const updatedAt = rnd() < 0.15 ? new Date(publishedMs + Math.floor(rnd() * 12 * 60) * MINUTE).toISOString() : null;
  const at = updatedAt ?? publishedAt;
  const slug = `${slugify(s.headline).slice(0, 70).replace(/-+$/, '')}-${id}`;
  const row: NewArticleRow = {
    id,
    ...newArticleRow(
      {
        dek: s.dek,
        body: s.markdown,
        excerpt: excerptOf(s.markdown),
        section_id: pick(rnd, room.sectionIds),
        featured_image_id: room.imageIds.length > 0 && rnd() < 0.3 ? pick(rnd, room.imageIds) : null,
        comment_prompt: rnd() < 0.2 ? commentPrompt(rnd, s) : '',
      },
      { slug, headline: s.headline, status: 'published', published_at: publishedAt, updated_at: updatedAt, at, accountId: null },
    ),
  };
  const first = pick(rnd, room.authorIds);
  const second = rnd() < 0.15 ? pick(rnd, room.authorIds) : first;
  const authorIds = second === first ? [first] : [first, second];
  const tagSlugs = [...new Set([slugify(s.place), slugify(topicTag(s.topic)), ...(rnd() < 0.4 ? [slugify(bodyTag(s.body))] : [])])];
  const tagIds = tagSlugs.flatMap((t) => (room.tagIds.has(t) ? [room.tagIds.get(t)!] : []));
  const tagNames = tagSlugs.sort();
  // The first revision, as the articles module keeps one for every story it creates.
  const stored = { ...row, version: 1, comment_moderation: null } as ArticleRow;
  const revision = {
    article_id: id,
    version: 1,
    headline: row.headline,
    dek: row.dek ?? '',
    body: row.body ?? '',
    fields: JSON.stringify({ slug, ...settingsOf(stored), tags: tagNames, authorIds, publishedAt }),
    account_id: null,
    created_at: at,
  };
  return {
    row,
    bylines: authorIds.map((author_id, position) => ({ article_id: id, author_id, position })),
    tags: tagIds.map((tag_id) => ({ article_id: id, tag_id })),
    revision,
    written: { id, slug, publishedAt } satisfies Written,
  };
}

/** Slugs already taken by other stories (or kept as their old addresses). */
async function takenSlugs(db: Db, slugs: string[]): Promise<Set<string>> {
  const [current, old] = await Promise.all([
    db.selectFrom('articles').select('slug').where('slug', 'in', slugs).execute(),
    db.selectFrom('article_slugs').select('slug').where('slug', 'in', slugs).execute(),
  ]);
  return new Set([...current, ...old].map((r) => r.slug));
}

/** Write a batch of stories in one transaction. */
async function writeStories(db: Db, stories: ReturnType<typeof storyRows>[]): Promise<void> {
  const taken = await takenSlugs(
    db,
    stories.map((s) => s.row.slug),
  );
  for (const s of stories) {
    if (!taken.has(s.row.slug)) continue;
    // A story of the site's own already has this address: add a letter, as an editor would.
    s.row.slug = `${s.row.slug}-g`;
    s.written.slug = s.row.slug;
    s.revision.fields = s.revision.fields.replace(`"slug":"${s.row.slug.slice(0, -2)}"`, `"slug":"${s.row.slug}"`);
  }
  await db.transaction().execute(async (trx) => {
    await insertRows(
      trx,
      'articles',
      stories.map((s) => s.row),
    );
    await insertRows(
      trx,
      'article_authors',
      stories.flatMap((s) => s.bylines),
    );
    await insertRows(
      trx,
      'article_tags',
      stories.flatMap((s) => s.tags),
    );
    await insertRows(
      trx,
      'article_revisions',
      stories.map((s) => s.revision),
    );
  });
}

/** Buffers comments and writes them COMMENTS_PER_STEP to a transaction. */
function commentWriter(db: Db, onWritten: (n: number) => void) {
  // Generated comments repeat their phrases: each distinct text is hashed once.
  const hashes = new Map<string, string>();
  const hashOf = (body: string) => {
    let h = hashes.get(body);
    if (h === undefined) hashes.set(body, (h = bodyHash(body)));
    return h;
  };
  let buffer: (GeneratedComment & { body_hash: string })[] = [];
  const flush = async () => {
    if (buffer.length === 0) return;
    const rows = buffer;
    buffer = [];
    await db.transaction().execute((trx) => insertRows(trx, 'comments', rows));
    onWritten(rows.length);
  };
  return {
    async add(c: GeneratedComment) {
      buffer.push({ ...c, body_hash: hashOf(c.body) });
      if (buffer.length >= COMMENTS_PER_STEP) await flush();
    },
    flush,
  };
}

/** Publication instants for `n` stories, oldest first, spread over the years before `now`. */
function publicationTimes(rnd: Rnd, n: number, now: number): number[] {
  // About thirty stories a day, over one year at least and twenty at most.
  const spanDays = Math.min(20 * 365, Math.max(365, Math.ceil(n / 30)));
  const start = now - spanDays * DAY;
  const latest = now - 60 * MINUTE;
  return Array.from({ length: n }, (_, i) => Math.min(latest, Math.floor((start + ((i + rnd()) / n) * spanDays * DAY) / MINUTE) * MINUTE));
}

/** Write the site; resolves with what was added. */
export async function generate(handle: DatabaseHandle, services: Services, options: GenerateOptions): Promise<GenerateSummary> {
  const { db, dialect } = handle;
  const progress = options.onProgress ?? (() => {});
  const now = options.now.getTime();
  const room = await prepareNewsroom(db, services, options.dataDir);
  const textRnd = seeded(options.seed);
  const commentRnd = seeded(options.seed ^ 0x5bd1e995);

  const threadTotal = options.threads.reduce((a, b) => a + b, 0);
  const firstArticle = await reserveIds(db, dialect, 'articles', options.articles + options.threads.length);
  let nextComment = await reserveIds(db, dialect, 'comments', options.comments + threadTotal);
  const counts = spreadComments(commentRnd, options.articles, options.comments);
  const times = publicationTimes(textRnd, options.articles, now);

  let commentsDone = 0;
  const allComments = options.comments + threadTotal;
  const comments = commentWriter(db, (n) => progress('comments', (commentsDone += n), allComments));
  const addThread = async (plan: ThreadPlan) => {
    for (const c of threadComments(commentRnd, plan)) await comments.add(c);
  };

  for (let start = 0; start < options.articles; start += ARTICLES_PER_STEP) {
    const end = Math.min(options.articles, start + ARTICLES_PER_STEP);
    const stories = [];
    for (let i = start; i < end; i++) stories.push(storyRows(textRnd, room, firstArticle + i, times[i]!));
    await writeStories(db, stories);
    progress('articles', end, options.articles);
    for (const [k, s] of stories.entries()) {
      const count = counts[start + k]!;
      if (count === 0) continue;
      const from = Date.parse(s.written.publishedAt) + 5 * MINUTE;
      // Most talk is over within a fortnight; a recent story's runs up to now.
      const to = Math.max(from, Math.min(now - MINUTE, from + 14 * DAY));
      await addThread({ articleId: s.written.id, firstId: nextComment, count, from, to, allApproved: false });
      nextComment += count;
    }
  }

  // The big threads: recent stories with every comment approved, so each shows exactly its size.
  const threads: GeneratedThread[] = [];
  const { timezone } = await services.settings.get();
  for (const [k, size] of options.threads.entries()) {
    const id = firstArticle + options.articles + k;
    const publishedMs = Math.floor((now - (2 * DAY + k * 3 * 60 * MINUTE)) / MINUTE) * MINUTE;
    const s = storyRows(textRnd, room, id, publishedMs);
    await writeStories(db, [s]);
    await comments.flush();
    await addThread({ articleId: id, firstId: nextComment, count: size, from: publishedMs + 5 * MINUTE, to: now - MINUTE, allApproved: true });
    nextComment += size;
    threads.push({ comments: size, articleId: id, slug: s.written.slug, path: articlePath(s.written.slug, s.written.publishedAt, timezone) });
  }
  await comments.flush();

  progress('counts', 0, 1);
  await services.comments.repairCounts();
  progress('counts', 1, 1);
  return { articles: options.articles, comments: options.comments, threads };
}
