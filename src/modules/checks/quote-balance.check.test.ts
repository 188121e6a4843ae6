import { describe, expect, it } from 'vitest';
import type { DraftForChecks } from './checks.types.js';
import { quoteBalance } from './quote-balance.check.js';

const draft = (body: string, over: Partial<DraftForChecks> = {}): DraftForChecks => ({
  headline: 'Mayor promises to rebuild',
  dek: 'Flood damage is estimated at $3 million.',
  excerpt: '',
  body,
  publishedAt: '2024-03-29T15:00:00Z',
  featuredImage: null,
  siteTimezone: 'America/Chicago',
  ...over,
});

describe('quote-balance', () => {
  it('warns on a quotation left open, pointing at where it opens', () => {
    expect(quoteBalance(draft('“We will rebuild every house, the mayor said.'))).toEqual([
      {
        id: 'quote-balance',
        severity: 'warning',
        message:
          'This quotation is not closed in its paragraph, and the next paragraph does not open with a quotation mark as a quotation running on would. Close it where the quoted words end, or remove the mark.',
        excerpt: '“We will rebuild every house, the…',
      },
    ]);
  });

  it.each([
    ['a closing mark with no opening one', 'The chair said the map was fair,” and left.', 'This closing quotation mark has no opening one', 'fair,” and'],
    ['a straight quotation left open', '"We have not seen water like this, said Durand.', 'This quotation is not closed', '"We have not'],
    ['a quote inside a quotation left open', '“A firefighter told me, ‘Leave the shop, and I did,” she said.', 'This quote inside a quotation is not closed', '‘Leave the shop'],
    ['two opening marks', 'He called it “a betrayal of the neighbourhood“ and left.', 'This quotation is not closed', '“a betrayal'],
    ['the second of two straight quotations left open', '"We are ready," the chair said. "The money is not, said the treasurer.', 'This quotation is not closed', '"The money'],
    ['British single quotes left open', '‘We will rebuild, she said.', 'This quotation is not closed', '‘We will'],
  ])('warns on %s', (_name, body, says, excerpt) => {
    const [r, ...rest] = quoteBalance(draft(body));
    expect(rest).toEqual([]);
    expect(r?.message).toContain(says);
    expect(r?.excerpt).toContain(excerpt);
  });

  it('follows a quotation over several paragraphs: each opens, only the last closes', () => {
    const ok = '“The first thing we did was call the neighbours.\n\n“Then we carried the boxes upstairs.\n\n“By morning it was over,” she said.';
    expect(quoteBalance(draft(ok))).toEqual([]);
    const notReopened = '“The first thing we did was call the neighbours.\n\nThen we carried the boxes upstairs.';
    expect(quoteBalance(draft(notReopened)).map((r) => r.excerpt)).toEqual(['“The first thing we did was call…']);
    const neverClosed = '“The first thing we did was call the neighbours.\n\n“We will be back, he said.';
    expect(quoteBalance(draft(neverClosed)).map((r) => r.excerpt)).toEqual(['“We will be back, he said.']);
  });

  it('checks the headline on its own', () => {
    const [r] = quoteBalance(draft('Fine.', { headline: 'Mayor: “We will not raise taxes' }));
    expect(r?.message).toMatch(/^In the headline: This quotation is not closed/);
  });

  it.each([
    ['balanced curly quotes', '“We will rebuild,” she said. “All of it.”'],
    ['balanced straight quotes with apostrophes', `"It's ours," she said. "We've waited."`],
    ['a quote inside a quotation', '“He told me, ‘Don’t go back,’ and I didn’t,” she said.'],
    ['straight single quotes inside straight double quotes', `"He said 'no' twice," she said.`],
    ['elisions and plural possessives', "It was rock ’n’ roll, the ’90s, the workers’ union; rock 'n' roll in the '90s, the Joneses' dog."],
    ['elisions at the start of words', "“Give ’em a cheer,” he said, ‘cause it’s late. ’Tis the season, and 'twas ever so."],
    ['inch marks', 'The pipe is 12" wide and 5\' 10" tall.'],
    ['a year inside quotes', 'She called it "the 1984 of budgets."'],
    ['single quotes in a headline', "'Council will close the pier', mayor says"],
    ['a title in single quotes ending with the quotation', 'He called it “a ‘Plan B’ with no Plan A” and left.'],
    ['a quotation ending on a plural possessive', '“Ask the teachers’.”'],
    ['interrupted dialogue', '“We waited—” she began. “For hours,” he said.'],
    ['quotes in code', 'Type `"` or `“` to open a quotation.'],
  ])('is silent on %s', (_name, body) => {
    expect(quoteBalance(draft(body, { headline: body.startsWith("'") ? body : 'Mayor promises to rebuild' }))).toEqual([]);
  });
});
