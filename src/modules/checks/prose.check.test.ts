import { describe, expect, it } from 'vitest';
import type { DraftForChecks } from './checks.types.js';
import { doubledWord, droppedName, placeholder } from './prose.check.js';

const draft = (body: string, over: Partial<DraftForChecks> = {}): DraftForChecks => ({
  headline: 'Fighting moves closer to the capital',
  dek: 'Thousands have fled the region.',
  excerpt: '',
  body,
  publishedAt: '2024-03-29T14:00:00Z',
  featuredImage: null,
  siteTimezone: 'Europe/Kyiv',
  ...over,
});

describe('dropped-name', () => {
  it.each([
    ['a space before a comma', 'Shelling continued near , the country’s second city, on Friday.', 'near ,', 'near , the country’s'],
    ['a space before a full stop', 'The strike was confirmed by the governor, who said .', 'said .', 'who said .'],
    ['empty parentheses', 'The defence minister ( ) visited the front.', '( )', 'minister ( ) visited'],
    ['a possessive at the start', "'s Ministry of Defence did not respond.", "'s Ministry", "'s Ministry of"],
    ['a possessive after an opening quote', 'She called it “’s biggest mistake”.', '’s biggest', '“’s biggest'],
    ['a possessive after a space', "Officials in 's office declined to comment.", "'s office", "in 's office"],
    ['two spaces between words', 'The  minister arrived on Thursday.', 'The  minister', 'The  minister arrived'],
    ['“according to” before a comma', 'The toll rose to 12, according to , a regional official.', 'to ,', 'according to , a'],
    ['an article before a comma', 'Talks were held in the , capital on Monday.', 'the ,', 'in the , capital'],
    ['a preposition before a full stop', 'The statement was signed by .', 'by .', 'signed by .'],
    ['an article right against a full stop', 'The convoy reached the. Aid was unloaded.', 'the.', 'reached the. Aid'],
    ['empty brackets', 'The list [ ] was read out.', '[ ]', 'list [ ] was'],
    ['empty curly quotes', 'He called the operation “ ” in a speech.', ' ', 'operation “ ” in'],
    ['an empty link where a name was', 'The plan was backed by [](https://example.org/x) , officials said.', 'by ,', 'by  , officials'],
  ])('flags %s', (_name, body, shown, excerpt) => {
    const [r, ...rest] = droppedName(draft(body));
    expect(rest).toEqual([]);
    expect(r).toMatchObject({ id: 'dropped-name', severity: 'warning' });
    expect(r?.message).toContain(`“${shown}”`);
    expect(r?.excerpt).toContain(excerpt);
  });

  it('says where, for the headline and dek', () => {
    const results = droppedName(draft('Fine.', { headline: 'Strike hits near , officials say', dek: 'A  spokesman confirmed it.' }));
    expect(results.map((r) => r.message.slice(0, 17))).toEqual(['In the headline: ', 'In the dek: “A  s']);
  });

  it('names the missing word after a preposition', () => {
    const [r] = droppedName(draft('The aid was sent from , the capital.'));
    expect(r?.message).toContain('after “from”');
  });

  it('reports each gap in a paragraph', () => {
    const body = "Troops entered , the town. 's forces withdrew ( ) on Friday.";
    expect(droppedName(draft(body)).map((r) => r.message.split(':')[0])).toEqual(['“entered ,”', "“'s forces”", '“( )”']);
  });

  it.each([
    ['contractions and dropped letters', "It was rock 'n' roll night, a throwback to the '90s and ’80s."],
    ['ellipses', 'He paused… then spoke. “We waited... and waited . . . and then nothing,” she said.'],
    ['spaced ellipsis after a word', 'The list went on . . . and on.'],
    ['code spans', 'Enter `5 , 6` in the form, or `( )` and `the .` for none.'],
    ['code blocks', '```\nvalues = (5 , 6)\nsaid .\n```'],
    ['decimals and batting averages', 'Turnout was 3.5 percent higher. The team played .500 ball.'],
    ['times and abbreviations', 'The convoy left at 10 a.m. and arrived at 3 p.m., a.k.a. teatime.'],
    ['lists', '- one\n- two\n\n1. First item.\n2. Second item.'],
    ['addresses', 'Details at https://example.org/report?id=5 , and at www.example.org/a .'],
    ['em dash asides', 'The governor — said Ana Ruiz — would not attend. The mayor – a veteran – agreed.'],
    ['place names and plurals', "Trains run to 's-Hertogenbosch daily. The Joneses' dog and James's car. Mind your p's and q's."],
    ['ratios and scores', 'The motion passed by a 3 : 1 margin.'],
    ['two spaces after a full stop', 'The shelling stopped.  Residents returned.'],
    ['option letters', 'Sections a, b and c of the law apply.'],
    ['ordinary reporting', 'The governor, Oleh Syniehubov, said the strike hit a residential block in the city’s north. “We are counting the dead,” he said.'],
    ['formatting around names', 'According to *Le Monde*, the talks failed. **Update:** the talks resumed.'],
  ])('is silent on %s', (_name, body) => {
    expect(droppedName(draft(body))).toEqual([]);
  });
});

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
