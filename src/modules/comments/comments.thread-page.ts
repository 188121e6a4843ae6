import type { Db } from '../../platform/db/database.js';
import { notFound } from '../../platform/errors.js';
import type { Page } from '../../platform/pagination.js';
import { storedTotals } from './comments.counts.js';
import { cap, grow, present, REPLIES_SHOWN, type ViewContext } from './comments.thread-tree.js';
import * as q from './comments.thread-queries.js';
import type { ThreadComment, ThreadSort, Viewer } from './comments.types.js';

/*
 * One page of a thread, at a cost that does not grow with the thread: the
 * top-level comments by key (or by offset over the index, for old page
 * links), the replies shown under them a level at a time, and the totals
 * from the stored counts (comments.counts.ts) plus the viewer's own held
 * comments.
 */

/** Where a page of the thread starts: a page number (old links), after or before a top-level comment, or the end. */
export type ThreadAt = { page: number } | { after: number } | { before: number } | { last: true };

/** A page of the thread, with what its links need. */
export interface ThreadPage extends Page<ThreadComment> {
  /** Whether this page starts the thread (no earlier page) or ends it (no later one). */
  atStart: boolean;
  atEnd: boolean;
  /** The first and last top-level comments on the page: where the previous and next pages start. */
  firstId: number | null;
  lastId: number | null;
  /** The article's visible comments, everyone's count (as stored, like CommentsService.counts): read with the page's totals. */
  visibleComments: number;
}

/** What the viewer's own held comments add to the thread everyone sees. */
interface ViewerExtras {
  /** Their shown held comments and every ancestor: they take places even where the stored counts say nothing shows. */
  ids: number[];
  /** Comments with one of those below. */
  parents: Set<number>;
  /** Top-level places they add. */
  places: number;
  /** Their held comments shown under each top-level comment. */
  under: Map<number, number>;
}

export async function viewerExtras(db: Db, articleId: number, viewer: Viewer): Promise<ViewerExtras> {
  const links = await q.viewerChains(db, articleId, viewer);
  const own = new Set(links.filter((l) => l.start === l.id).map((l) => l.id));
  const byStart = new Map<number, q.ChainLink[]>();
  for (const l of links) byStart.set(l.start, [...(byStart.get(l.start) ?? []), l]);
  const ids = new Set<number>();
  const parents = new Set<number>();
  const extraRoots = new Set<number>();
  const under = new Map<number, number>();
  for (const [start, chain] of byStart) {
    const byId = new Map(chain.map((l) => [l.id, l]));
    const path: q.ChainLink[] = [];
    for (let at = byId.get(start); at && !path.includes(at); at = at.parent_id === null ? undefined : byId.get(at.parent_id)) path.push(at);
    const root = path.at(-1);
    // Shown when every ancestor lets it through: approved, removed, or another of their own held comments.
    if (!root || root.parent_id !== null || !path.slice(1).every((l) => l.status === 'approved' || l.status === 'deleted' || own.has(l.id))) continue;
    for (const l of path) ids.add(l.id);
    for (const l of path.slice(1)) parents.add(l.id);
    if (!(root.status === 'approved' || (root.status === 'deleted' && root.visible_replies > 0))) extraRoots.add(root.id);
    if (root.id !== start) under.set(root.id, (under.get(root.id) ?? 0) + 1);
  }
  return { ids: [...ids], parents, places: extraRoots.size, under };
}

/**
 * The replies shown under these top-level comments, parents before their
 * replies: a level at a time, expanding only comments that have something
 * beneath and could still show a reply among the first REPLIES_SHOWN in
 * reading order (positions bounded below by the stored counts). Each level
 * reads the index alone; the rows are read once, by the caller.
 */
async function shownReplies(db: Db, roots: q.RootRef[], extras: ViewerExtras): Promise<q.ReplyRef[]> {
  const kids = new Map<number, q.ReplyRef[]>();
  const expandable = (r: { id: number; visible_replies: number }) => r.visible_replies > 0 || extras.parents.has(r.id);
  let frontier = roots.filter(expandable).map((r) => ({ id: r.id, limit: REPLIES_SHOWN }));
  const out: q.ReplyRef[] = [];
  while (frontier.length > 0) {
    const refs = await q.firstReplies(db, frontier, extras.ids);
    refs.sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id - b.id));
    for (const f of frontier) kids.set(f.id, []);
    for (const r of refs) kids.get(r.parent_id)?.push(r);
    out.push(...refs);
    frontier = [];
    for (const root of roots) {
      let pos = 0;
      const walk = (parent: number) => {
        for (const child of kids.get(parent) ?? []) {
          if (pos >= REPLIES_SHOWN) return;
          pos += 1;
          if (kids.has(child.id)) walk(child.id);
          else {
            if (expandable(child) && pos < REPLIES_SHOWN) frontier.push({ id: child.id, limit: REPLIES_SHOWN - pos });
            pos += child.visible_replies;
          }
        }
      };
      walk(root.id);
    }
  }
  return out;
}

/** Read one page of an article's thread. `context` gives the view context for the comments shown. */
export async function threadPage(
  db: Db,
  articleId: number,
  opts: { at: ThreadAt; perPage: number; sort: ThreadSort; viewer: Viewer },
  context: (ids: number[]) => Promise<ViewContext>,
): Promise<ThreadPage> {
  const { at, perPage, sort, viewer } = opts;
  const [extras, stored] = await Promise.all([viewerExtras(db, articleId, viewer), storedTotals(db, articleId)]);
  const total = stored.roots + extras.places;
  const pageCount = Math.max(1, Math.ceil(total / perPage));

  let from: q.RootsFrom;
  if ('page' in at) from = at.page === 1 ? { first: true } : { offset: (at.page - 1) * perPage };
  else if ('last' in at) from = { last: true };
  else {
    const key = await q.rootKey(db, articleId, 'after' in at ? at.after : at.before);
    if (!key) throw notFound('page of comments');
    from = 'after' in at ? { after: key } : { before: key };
  }
  const backwards = 'before' in from || 'last' in from;
  let refs = await q.rootRefs(db, articleId, sort, from, extras.ids, perPage + 1);
  const more = refs.length > perPage;
  if (more) refs = backwards ? refs.slice(1) : refs.slice(0, perPage);
  const ids = refs.map((r) => r.id);

  // Where the page stands, and the oldest-first numbering: known at the start; else a count over the index up to the page.
  let position = 'first' in from ? 0 : 'offset' in from ? from.offset : 'last' in from ? Math.max(0, total - ids.length) : -1;
  let approvedBefore = 0;
  if (ids.length > 0 && !('first' in from) && (position < 0 || sort === 'oldest')) {
    const first = await q.rootKey(db, articleId, ids[0]!);
    const before = await q.placesBefore(db, articleId, sort, first!, extras.ids);
    position = before.places;
    approvedBefore = before.approved;
  }
  position = Math.max(0, position);

  const replyRefs = await shownReplies(db, refs, extras);
  // Every row shown, read at once: roots first, then the replies, parents before their replies.
  const rows = await q.rowsByIds(db, [...ids, ...replyRefs.map((r) => r.id)]);
  const rootRows = rows.filter((r) => r.parent_id === null);
  const replyRows = rows.filter((r) => r.parent_id !== null);
  const ctx = await context(rows.map((r) => r.id));
  const roots = rootRows.map((r) => present(r, 0, ctx));
  grow(roots, replyRows, ctx);
  const shown = roots.filter((r) => r.state !== 'removed' || r.replies.length > 0);
  if (sort === 'oldest') {
    let n = approvedBefore;
    for (const r of shown) if (r.state === 'approved') r.number = ++n;
  }
  const repliesOf = new Map(rootRows.map((r) => [r.id, Number(r.visible_replies) + (extras.under.get(r.id) ?? 0)]));
  for (const r of shown) cap(r, REPLIES_SHOWN, repliesOf.get(r.id) ?? 0);

  const atStart = backwards ? !more : position === 0;
  const atEnd = backwards ? 'last' in from || position + ids.length >= total : !more;
  const page = 'page' in at ? at.page : atStart ? 1 : atEnd ? pageCount : Math.min(pageCount, Math.floor(position / perPage) + 1);
  return { items: shown, page, perPage, total, pageCount, atStart, atEnd, firstId: ids[0] ?? null, lastId: ids.at(-1) ?? null, visibleComments: stored.visible };
}
