import { describe, expect, it } from 'vitest';
import { describeRepair } from './repair-counts-command.js';

describe('repair-counts output', () => {
  it('names each article it fixed, with both counts, then sums up', () => {
    expect(
      describeRepair([
        { articleId: 3, stored: 999, counted: 12 },
        { articleId: 8, stored: 0, counted: 1 },
      ]),
    ).toEqual(['article 3: stored 999 visible comments, counted 12; fixed', 'article 8: stored 0 visible comments, counted 1; fixed', 'Comment counts checked: fixed 2 articles.']);
    expect(describeRepair([{ articleId: 5, stored: 4, counted: 0 }]).at(-1)).toBe('Comment counts checked: fixed 1 article.');
  });

  it('says so when every count was right', () => {
    expect(describeRepair([])).toEqual(['Comment counts checked: every stored count was right.']);
  });
});
