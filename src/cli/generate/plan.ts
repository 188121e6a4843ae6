import type { CommentStatus } from '../../platform/db/schema.js';
import { commenterName, commentText, type Rnd } from './prose.js';

/*
 * How generated comments fall: how many each story gets (most a few, some
 * many, a quarter none) and, within a story, who replies to whom and when.
 */

/** A reply nests at most this deep below a top-level comment (top level is 0). */
export const MAX_DEPTH = 3;
/** About a third of comments are replies. */
export const REPLY_SHARE = 1 / 3;
/** Replies answer one of the last few approved comments, as conversations do. */
const RECENT = 40;

/** A standard normal draw (Box–Muller). */
function gauss(rnd: Rnd): number {
  const u = Math.max(rnd(), Number.EPSILON);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd());
}

/**
 * Share `total` comments among `n` stories: a quarter get none, the rest a
 * log-normal share (rounded down, so the smallest shares are none too), so
 * most threads are short and a few run to hundreds or thousands. The counts
 * add up to `total` exactly.
 */
export function spreadComments(rnd: Rnd, n: number, total: number): Int32Array {
  const counts = new Int32Array(n);
  if (n === 0 || total === 0) return counts;
  const weights = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    weights[i] = rnd() < 0.25 ? 0 : Math.exp(1.4 * gauss(rnd));
    sum += weights[i]!;
  }
  if (sum === 0) {
    weights[0] = 1;
    sum = 1;
  }
  let given = 0;
  const open: number[] = [];
  for (let i = 0; i < n; i++) {
    counts[i] = Math.floor((total * weights[i]!) / sum);
    given += counts[i]!;
    if (weights[i]! > 0) open.push(i);
  }
  // What rounding down left over goes one at a time to stories that have comments at all.
  for (let left = total - given; left > 0; left--) counts[open[Math.floor(rnd() * open.length)]!]! += 1;
  return counts;
}

/** One generated comment, as stored. */
export interface GeneratedComment {
  id: number;
  article_id: number;
  parent_id: number | null;
  author_name: string;
  author_email: string;
  body: string;
  status: CommentStatus;
  created_at: string;
  updated_at: string;
}

export interface ThreadPlan {
  articleId: number;
  /** The first of `count` consecutive ids reserved for this thread. */
  firstId: number;
  count: number;
  /** The comments fall between these instants (ms), earlier ones more densely. */
  from: number;
  to: number;
  /** Every comment approved (the big test threads), or a realistic mix held for moderation. */
  allApproved: boolean;
}

function statusOf(rnd: Rnd, allApproved: boolean): CommentStatus {
  if (allApproved) return 'approved';
  const r = rnd();
  if (r < 0.92) return 'approved';
  if (r < 0.97) return 'pending';
  if (r < 0.99) return 'rejected';
  return 'spam';
}

/** Posting times, oldest first: most of the talk comes soon after publication. */
function postingTimes(rnd: Rnd, count: number, from: number, to: number): Float64Array {
  const times = new Float64Array(count);
  const span = Math.max(0, to - from);
  for (let i = 0; i < count; i++) {
    const u = rnd();
    times[i] = from + span * u * u;
  }
  return times.sort();
}

/**
 * A story's comments in posting order, ids ascending, so a reply always
 * comes after (and has a higher id than) the approved comment it answers.
 * Yields rows one at a time so a 100,000-comment thread is never held whole.
 */
export function* threadComments(rnd: Rnd, plan: ThreadPlan): Generator<GeneratedComment> {
  const times = postingTimes(rnd, plan.count, plan.from, plan.to);
  // The last few approved comments: id, depth and parent, in a ring.
  const recent: { id: number; depth: number; parent: number | null }[] = [];
  for (let i = 0; i < plan.count; i++) {
    const id = plan.firstId + i;
    let parent: number | null = null;
    let depth = 0;
    if (recent.length > 0 && rnd() < REPLY_SHARE) {
      const answered = recent[Math.floor(rnd() * recent.length)]!;
      // Past the deepest level a reply joins its parent's replies instead.
      parent = answered.depth >= MAX_DEPTH ? answered.parent : answered.id;
      depth = answered.depth >= MAX_DEPTH ? MAX_DEPTH : answered.depth + 1;
    }
    const status = statusOf(rnd, plan.allApproved);
    const at = new Date(Math.floor(times[i]! / 1000) * 1000).toISOString();
    yield {
      id,
      article_id: plan.articleId,
      parent_id: parent,
      author_name: commenterName(rnd),
      author_email: '',
      body: commentText(rnd, parent !== null),
      status,
      created_at: at,
      updated_at: at,
    };
    if (status === 'approved') {
      recent.push({ id, depth, parent });
      if (recent.length > RECENT) recent.shift();
    }
  }
}
