import type { TotalChange } from '../modules/comments/comments.service.js';

/** What `broadsheet repair-counts` prints: one line per article whose stored count was wrong, then a summary. */
export function describeRepair(changes: TotalChange[]): string[] {
  const lines = changes.map((c) => `article ${c.articleId}: stored ${c.stored} visible comments, counted ${c.counted}; fixed`);
  const n = changes.length;
  lines.push(n === 0 ? 'Comment counts checked: every stored count was right.' : `Comment counts checked: fixed ${n} ${n === 1 ? 'article' : 'articles'}.`);
  return lines;
}
