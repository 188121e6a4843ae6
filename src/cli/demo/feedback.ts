import type { Services } from '../../services.js';
import { seededRandom } from '../../platform/seeded-random.js';

/*
 * Readers' recommendations and editors' picks on the demo's written
 * threads, so both show on first start. Deterministic: the same demo always
 * gets the same readers, counts and picks.
 */

/** A hand-written demo comment as stored. */
export interface SeededComment {
  id: number;
  articleId: number;
  parentId: number | null;
  approved: boolean;
  replies: number;
  createdAt: string;
}

const READERS = ['Nora Lindgren', 'Felix Adeyemi', 'Hana Sato', 'Marco Bellini', 'Aisha Rahman', 'Tom Becker', 'Lucía Ortega', 'Ivan Petrov', 'Grace Mensah', 'Owen Price', 'Mei Chen', 'Paul Girard'];

/** At least this many top-level comments make a thread worth an editors' pick. */
const PICK_THRESHOLD = 3;

export async function seedFeedback(services: Services, comments: SeededComment[], at: string): Promise<{ readers: number; recommendations: number; picks: number }> {
  const readerIds: number[] = [];
  for (const [i, name] of READERS.entries()) {
    const reader = await services.readers.createConfirmed({ email: `reader${i + 1}@demo.example`, displayName: name, at });
    readerIds.push(reader.id);
  }
  const rnd = seededRandom(20261207);
  let recommendations = 0;
  // Skewed towards few: most comments get none or one or two, a few many.
  for (const c of comments) {
    if (!c.approved) continue;
    const n = Math.floor(rnd() * rnd() * (readerIds.length + 1));
    if (n === 0) continue;
    await services.comments.seedFeedback(c.id, { recommendedBy: readerIds.slice(0, n), at: c.createdAt > at ? c.createdAt : at });
    recommendations += n;
  }
  // In each thread with enough top-level comments, the one that drew the most replies is the editors' pick.
  let picks = 0;
  const byArticle = new Map<number, SeededComment[]>();
  for (const c of comments) if (c.approved && c.parentId === null) byArticle.set(c.articleId, [...(byArticle.get(c.articleId) ?? []), c]);
  for (const top of byArticle.values()) {
    if (top.length < PICK_THRESHOLD) continue;
    const best = top.reduce((a, b) => (b.replies > a.replies ? b : a));
    await services.comments.seedFeedback(best.id, { featured: true });
    picks++;
  }
  return { readers: readerIds.length, recommendations, picks };
}
