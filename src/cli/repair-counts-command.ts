import type { TotalChange } from '../modules/comments/comments.service.js';

/**
 * What `broadsheet repair-counts` prints: one line per article whose stored
 * visible count or top-level places were wrong, one per article whose
 * comments' reply counts were (how many comments), then a summary.
 */
export function describeRepair(changes: TotalChange[]): string[] {
  const lines: string[] = [];
  const replies = new Map<number, number>();
  for (const c of changes) {
    if (c.kind === 'visible') lines.push(`article ${c.articleId}: stored ${c.stored} visible comments, counted ${c.counted}; fixed`);
    else if (c.kind === 'roots') lines.push(`article ${c.articleId}: stored ${c.stored} top-level places, counted ${c.counted}; fixed`);
    else replies.set(c.articleId, (replies.get(c.articleId) ?? 0) + 1);
  }
  for (const [articleId, n] of replies) lines.push(`article ${articleId}: visible reply counts of ${n} ${n === 1 ? 'comment' : 'comments'} fixed`);
  const n = new Set(changes.map((c) => c.articleId)).size;
  lines.push(n === 0 ? 'Comment counts checked: every stored count was right.' : `Comment counts checked: fixed ${n} ${n === 1 ? 'article' : 'articles'}.`);
  return lines;
}
