import { describe, expect, it } from 'vitest';
import type { DraftForChecks } from './checks.types.js';
import { doubledWord, placeholder } from './prose.check.js';
import { KYIV_STORY, testDraft } from './checks.test-support.js';

const draft = (body: string, over: Partial<DraftForChecks> = {}): DraftForChecks => testDraft(body, { ...KYIV_STORY, ...over });

describe('doubled-word', () => {
  it.each([
    ['the the', 'The convoy reached the the border at dawn.', 'the the'],
    ['across a line break', 'Aid was sent to\nto the region.', 'to to'],
    ['in different case', 'The the report was leaked.', 'The the'],
    ['across formatting', 'It was **the** the worst night.', 'the the'],
    ['intensifiers (left to the editor)', 'It was very very cold.', 'very very'],
    ['"is is" outside "what it is is"', 'The road is is closed.', 'is is'],
  ])('flags %s', (_name, body, pair) => {
    const [r, ...rest] = doubledWord(draft(body));
    expect(rest).toEqual([]);
    expect(r).toMatchObject({ id: 'doubled-word', severity: 'warning' });
    expect(r?.message.startsWith(`“${pair}”`)).toBe(true);
    expect(r?.excerpt).toContain(pair);
  });

  it('checks the headline too', () => {
    const [r] = doubledWord(draft('Fine.', { headline: 'Talks to to resume' }));
    expect(r?.message).toMatch(/^In the headline: “to to”/);
  });

  it.each([
    ['"had had"', 'By then the town had had no power for a week.'],
    ['"that that"', 'He said that that decision was final.'],
    ['"what it is is"', 'What it is is a humanitarian disaster.'],
    ['"her her"', 'They gave her her passport back.'],
    ['"bye bye"', '“Bye bye,” she said, waving.'],
    ['numbers', 'The vote was 10 10 on the first count.'],
    ['a sentence boundary', 'The troops moved in. In the morning they left.'],
    ['a comma', 'Prices went up, up and away.'],
    ['place names', 'She flew from Walla Walla to Bora Bora.'],
    ['code', 'Run `the the` to see it.'],
    ['addresses', 'See https://example.org/the/the for details.'],
    ['separate paragraphs', 'They came from the\n\nthe north.'],
    ['hyphenated words', 'It was a so-so result and a hush-hush deal.'],
  ])('is silent on %s', (_name, body) => {
    expect(doubledWord(draft(body))).toEqual([]);
  });
});

describe('placeholder', () => {
  it.each([
    ['TK', 'The death toll stood at TK on Friday.', 'TK'],
    ['TKTK', 'Quote from the governor TKTK.', 'TKTK'],
    ['lorem ipsum', 'Lorem ipsum dolor sit amet.', 'Lorem ipsum'],
    ['XXX', 'About XXX people fled.', 'XXX'],
    ['[citation needed]', 'The bridge was built in 1961 [citation needed].', '[citation needed]'],
  ])('is a blocker for %s', (_name, body, found) => {
    const [r, ...rest] = placeholder(draft(body));
    expect(rest).toEqual([]);
    expect(r).toMatchObject({ id: 'placeholder', severity: 'blocker' });
    expect(r?.message).toContain(`“${found}” is placeholder text`);
    expect(r?.excerpt).toContain(found);
  });

  it('checks the headline, dek and image alt text and captions', () => {
    const body = '![TK](/media/a.jpg "Caption TK | Photo: AP")';
    const results = placeholder(draft(body, { headline: 'TK headline', dek: 'Dek TK' }));
    expect(results.map((r) => r.message.split(':')[0])).toEqual(['In the headline', 'In the dek', 'In the alt text of the image /media/a.jpg', 'In the caption of the image /media/a.jpg']);
  });

  it('flags links with no real address', () => {
    const results = placeholder(draft('See [the report](TK), [the map](#) and [the video]().'));
    expect(results.map((r) => r.excerpt)).toEqual(['[the report](TK)', '[the map](#)', '[the video]()']);
    expect(results[0]?.message).toContain('The link “the report” has no real address');
  });

  it.each([
    ['words containing TK', 'He won by TKO in the third round.'],
    ['lowercase tk', 'The tk sound in Tkachenko.'],
    ['the retailer', 'A new TK Maxx opened downtown.'],
    ['Roman numerals', 'Super Bowl XXX was played in Tempe. London hosted the Games of the XXX Olympiad. Sizes up to XXXL.'],
    ['code', 'Type `TK` where a fact is missing.'],
    ['addresses', 'See https://example.org/TK/lorem-ipsum for details.'],
    ['links with addresses', '[the report](/2024/03/report) and [the map](#section-2 "Map")'],
    ['ordinary reporting', 'The death toll rose to 12, the governor said on Friday.'],
  ])('is silent on %s', (_name, body) => {
    expect(placeholder(draft(body))).toEqual([]);
  });
});
