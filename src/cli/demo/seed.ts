import fs from 'node:fs';
import path from 'node:path';
import type { NewCommentRow } from '../../platform/db/schema.js';
import type { Services } from '../../services.js';
import { articles as demoArticles, authors as demoAuthors, sections as demoSections } from './content/index.js';
import { illustration, ILLUSTRATION_SIZE, portrait, PORTRAIT_SIZE } from './illustrations.js';
import { seededRandom } from '../../platform/seeded-random.js';
import type { DemoArticle, DemoComment } from './types.js';
import { type SeededComment, seedFeedback } from './feedback.js';

export interface SeedOptions {
  dataDir: string;
  /** The moment the demo is seeded; stories are dated relative to it. */
  now: Date;
  onProgress?: (message: string) => void;
}

export interface SeedSummary {
  articles: number;
  comments: number;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

/** True when no article exists yet: the only state the demo may fill. */
export async function isDatabaseEmpty(services: Services): Promise<boolean> {
  const page = await services.articles.list({ perPage: 1 });
  if (page.total > 0) return false;
  return (await services.sections.list()).length === 0;
}

/**
 * Fill an empty database with the demo newsroom: sections, authors with
 * portraits, 40+ stories over six weeks, a developing story, corrections,
 * closed comments, deep and very long threads, readers' recommendations and
 * editors' picks. Everything goes through the
 * modules' services, the same paths the newsroom uses.
 */
export async function seedDemo(services: Services, { dataDir, now, onProgress = () => {} }: SeedOptions): Promise<SeedSummary> {
  const mediaDir = path.join(dataDir, 'media', 'demo');
  fs.mkdirSync(mediaDir, { recursive: true });
  // Whole minutes read better in the demo's timestamps.
  const base = Math.floor(now.getTime() / MINUTE) * MINUTE;
  const latestAllowed = base - MINUTE;

  await services.settings.update({
    name: 'The Meridian Ledger',
    tagline: 'Independent news for the Meridian valley',
    timezone: 'America/Chicago',
    locale: 'en-US',
  });

  const sectionIds = new Map<string, number>();
  for (const [i, s] of demoSections.entries()) {
    const created = await services.sections.create({ slug: s.slug, name: s.name, description: s.description, position: i });
    sectionIds.set(s.slug, created.id);
  }
  onProgress(`${demoSections.length} sections`);

  const authorIds = new Map<string, number>();
  for (const a of demoAuthors) {
    const file = `author-${a.slug}.svg`;
    fs.writeFileSync(path.join(mediaDir, file), portrait(a.name, a.palette));
    const photo = await services.media.register({ url: `/media/demo/${file}`, mime: 'image/svg+xml', ...PORTRAIT_SIZE, alt: `Portrait of ${a.name}` });
    const created = await services.authors.create({ slug: a.slug, name: a.name, bio: a.bio, photoId: photo.id, links: a.links });
    authorIds.set(a.slug, created.id);
  }
  onProgress(`${demoAuthors.length} authors`);

  // Oldest first, so ids follow publication order as they would in a real newsroom.
  const ordered = [...demoArticles].sort((x, y) => y.daysAgo - x.daysAgo);
  const articleIds = new Map<string, number>();
  let comments = 0;
  const written: SeededComment[] = [];
  for (const a of ordered) {
    const publishedAt = Math.min(latestAllowed, Math.round((base - a.daysAgo * DAY) / MINUTE) * MINUTE);
    const at = (minutes: number) => new Date(Math.min(latestAllowed, publishedAt + minutes * MINUTE)).toISOString();
    let featuredImageId: number | null = null;
    if (a.image) {
      const file = `${a.slug}.svg`;
      fs.writeFileSync(path.join(mediaDir, file), illustration(a.slug, a.image.palette, a.image.alt));
      const img = await services.media.register({
        url: `/media/demo/${file}`,
        mime: 'image/svg+xml',
        ...ILLUSTRATION_SIZE,
        alt: a.image.alt,
        caption: a.image.caption,
        credit: a.image.credit,
      });
      featuredImageId = img.id;
    }
    const row = await services.articles.create({
      slug: a.slug,
      headline: a.headline,
      dek: a.dek,
      body: a.body,
      sectionId: sectionIds.get(a.section) ?? null,
      tags: a.tags,
      authorIds: a.authors.map((s) => {
        const id = authorIds.get(s);
        if (id === undefined) throw new Error(`demo article ${a.slug} names unknown author ${s}`);
        return id;
      }),
      status: 'published',
      publishedAt: new Date(publishedAt).toISOString(),
      updatedAt: a.updatedMinutesAfter !== undefined ? at(a.updatedMinutesAfter) : null,
      featuredImageId,
      developing: a.developing ?? false,
      commentPrompt: a.commentPrompt ?? '',
      commentStatus: a.commentsClosed ? 'closed' : 'open',
    });
    articleIds.set(a.slug, row.id);
    for (const u of a.liveUpdates ?? []) await services.articles.addLiveUpdate(row.id, u.body, at(u.minutesAfter));
    for (const c of a.corrections ?? []) await services.articles.addCorrection(row.id, c.body, at(c.minutesAfter));
    comments += await seedComments(services, row.id, a.comments ?? [], null, at, written);
    if (a.generatedComments) comments += await seedGeneratedThread(services, row.id, a, publishedAt, latestAllowed);
  }
  onProgress(`${ordered.length} articles`);

  for (const a of ordered) {
    if (!a.readNext) continue;
    const target = articleIds.get(a.readNext);
    if (target === undefined) throw new Error(`demo article ${a.slug} reads next into unknown ${a.readNext}`);
    await services.articles.setReadNext(articleIds.get(a.slug)!, target);
  }
  onProgress(`${comments} comments`);
  const feedback = await seedFeedback(services, written, new Date(latestAllowed).toISOString());
  onProgress(`${feedback.recommendations} recommendations by ${feedback.readers} readers, ${feedback.picks} editors' picks`);
  // Every story is in the search index before the caller goes on (or closes the database).
  await services.search.settled();
  return { articles: ordered.length, comments };
}

async function seedComments(services: Services, articleId: number, list: DemoComment[], parentId: number | null, at: (minutes: number) => string, written: SeededComment[]): Promise<number> {
  let n = 0;
  for (const c of list) {
    const row = await services.comments.create({
      articleId,
      parentId,
      authorName: c.author,
      body: c.body,
      status: c.status ?? 'approved',
      createdAt: at(c.minutesAfter),
    });
    written.push({ id: row.id, articleId, parentId, approved: row.status === 'approved', replies: c.replies?.length ?? 0, createdAt: row.created_at });
    n += 1 + (await seedComments(services, articleId, c.replies ?? [], row.id, at, written));
  }
  return n;
}

const OPENERS = [
  'I ride this route every day, and',
  'Honest question:',
  'As a shop owner on the corridor,',
  'Having read the whole plan,',
  'My kids walk to school along here, so',
  'I was at the public meeting and',
  'Counterpoint:',
  'For what it is worth,',
  'Lived here thirty years and',
  'Not to pile on, but',
  'Agree with most of this, although',
  'Speaking as someone who drives for work,',
];
const MIDDLES = [
  'losing the parking will hurt the evening trade more than the study admits',
  'the protected lane is the first thing that has made me feel safe on a bike here',
  'the loading zones look too short for the delivery trucks that actually use them',
  'the numbers on foot traffic seem low compared with what I see at lunchtime',
  'a one-year trial with a proper count before and after sounds reasonable',
  'the bus stop changes matter more than anyone is saying',
  'the council should publish the crash data by block, not just the totals',
  'the side streets will take the overflow and nobody has planned for that',
  'every city that tried this saw business recover within a couple of years',
  'the snow clearing plan for the lane is still missing',
  'accessible parking has to stay within a short walk of the pharmacy',
  'I would rather see the money spent on the potholes first',
];
const CLOSERS = [
  'Curious what others think.',
  'Happy to be proven wrong.',
  'We will see in a year.',
  'That is my two cents.',
  'Please go to the next meeting and say so.',
  '',
  '',
  'Thanks for covering this properly.',
];
const NAMES = [
  'Dana from Eastbank',
  'R. Okafor',
  'millpond_mike',
  'Teresa V.',
  'J. Lindqvist',
  'westside_walker',
  'Priya N.',
  'Old Mill Road',
  'Sam K.',
  'corridor_cyclist',
  'M. Haddad',
  'Linden Street Bakery',
  'Gus P.',
  'A. Moreau',
  'quietcommuter',
  'Rosa E.',
];

/**
 * The long thread: thousands of plausible comments (a fifth of them replies)
 * spread between publication and now, with a sprinkle held for moderation.
 */
async function seedGeneratedThread(services: Services, articleId: number, a: DemoArticle, publishedAt: number, latestAllowed: number): Promise<number> {
  const rnd = seededRandom(20240329);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const count = a.generatedComments ?? 0;
  const span = Math.max(MINUTE * count, latestAllowed - publishedAt - MINUTE);
  const rows: NewCommentRow[] = [];
  for (let i = 0; i < count; i++) {
    const t = new Date(Math.min(latestAllowed, publishedAt + MINUTE + Math.floor((span * i) / count))).toISOString();
    const text = `${pick(OPENERS)} ${pick(MIDDLES)}. ${pick(CLOSERS)}`.trim();
    rows.push({
      article_id: articleId,
      parent_id: null,
      author_name: pick(NAMES),
      author_email: '',
      body: text,
      status: rnd() < 0.03 ? 'pending' : 'approved',
      created_at: t,
      updated_at: t,
    });
  }
  // Insert top-level comments first, then make every fifth one a reply to an earlier comment.
  const ids = await services.comments.insertMany(rows.filter((_, i) => i % 5 !== 4));
  // A reply answers a comment posted before it: of the i rows before it, i - floor(i / 5) were kept above.
  const replies = rows.flatMap((r, i) => {
    if (i % 5 !== 4) return [];
    const earlier = i - Math.floor(i / 5);
    return [{ ...r, parent_id: ids[Math.floor(rnd() * earlier)] ?? null }];
  });
  await services.comments.insertMany(replies);
  return rows.length;
}
