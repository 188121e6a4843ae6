import { describe, expect, it } from 'vitest';
import { describeRepair } from './repair-counts-command.js';

describe('repair-counts output', () => {
  it('names each article it fixed, with both counts, then sums up', () => {
    expect(
      describeRepair([
        { kind: 'visible', articleId: 3, stored: 999, counted: 12 },
        { kind: 'roots', articleId: 3, stored: 7, counted: 5 },
        { kind: 'visible', articleId: 8, stored: 0, counted: 1 },
      ]),
    ).toEqual([
      'article 3: stored 999 visible comments, counted 12; fixed',
      'article 3: stored 7 top-level places, counted 5; fixed',
      'article 8: stored 0 visible comments, counted 1; fixed',
      'Comment counts checked: fixed 2 articles.',
    ]);
    expect(describeRepair([{ kind: 'visible', articleId: 5, stored: 4, counted: 0 }]).at(-1)).toBe('Comment counts checked: fixed 1 article.');
  });

  it("sums up each article's fixed reply counts in one line", () => {
    expect(
      describeRepair([
        { kind: 'replies', articleId: 4, commentId: 10, stored: 3, counted: 2 },
        { kind: 'replies', articleId: 4, commentId: 11, stored: 0, counted: 1 },
        { kind: 'replies', articleId: 6, commentId: 20, stored: 1, counted: 0 },
      ]),
    ).toEqual(['article 4: visible reply counts of 2 comments fixed', 'article 6: visible reply counts of 1 comment fixed', 'Comment counts checked: fixed 2 articles.']);
  });

  it('says so when every count was right', () => {
    expect(describeRepair([])).toEqual(['Comment counts checked: every stored count was right.']);
  });
});
