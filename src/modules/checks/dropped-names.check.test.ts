import { describe, expect, it } from 'vitest';
import type { DraftForChecks } from './checks.types.js';
import { droppedName } from './dropped-names.check.js';
import { KYIV_STORY, testDraft } from './checks.test-support.js';

const draft = (body: string, over: Partial<DraftForChecks> = {}): DraftForChecks => testDraft(body, { ...KYIV_STORY, ...over });

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

describe('dropped-name: grammatical gaps (part-of-speech tagger)', () => {
  it.each([
    ['a preposition before a past-tense verb', 'Officials in met on Tuesday to discuss the ceasefire.', 'in met', 'a preposition right before the verb “met”'],
    ['a preposition before a regular past form and a full stop', 'Troops entered the key city of liberated. Residents cheered.', 'of liberated', 'the verb “liberated”'],
    ['a preposition before "were"', 'Officials in were not available for comment.', 'in were', 'the verb “were”'],
    ['"to" before an irregular past', 'Forces loyal to withdrew from the airport.', 'to withdrew', 'the verb “withdrew”'],
    ['an article before a verb', 'Officials from the were not available.', 'the were', 'an article right before the verb “were”'],
    ['a directional adjective before a preposition', 'The army began a push to retake Eastern from the forces.', 'Eastern from', '“Eastern” describes a place or a side'],
    ['a compound adjective before a preposition', 'Its troops had recaptured Russian-held after a week of fighting.', 'Russian-held after', '“Russian-held” describes'],
    ['a noun and "of" before a comma', 'The strike was confirmed by the governor of, who spoke on television.', 'governor of,', '“of” right before the comma'],
    ['a passive verb and "by" before "and"', 'The deal was signed by and the Ministry of Finance on Monday.', 'by and', '“by” with nothing before “and”'],
  ])('flags %s', (_name, body, shown, says) => {
    const [r, ...rest] = droppedName(draft(body));
    expect(rest).toEqual([]);
    expect(r).toMatchObject({ id: 'dropped-name', severity: 'warning' });
    expect(r?.message).toContain(`“${shown}”`);
    expect(r?.message).toContain(says);
    expect(r?.excerpt).toContain(shown);
  });

  it.each([
    ['participles used as adjectives', 'Crews worked on the wooded slopes, in armed convoys, at an estimated cost of $2 million. The injured were taken to hospital.'],
    ['nouns the tagger could read as verbs', 'There were gaps of 90 minutes between boats, and branches away from roofs.'],
    ['adverbs and particles', 'He has since retired. The results came in. They counted from left to right.'],
    ['prepositions ending a clause', 'These are the people she worked with. Nobody asked what the money was for.'],
    ['coordinated prepositions and idioms', 'Arguments for and against the plan were heard. By and large, it passed. Traffic in and around the city was heavy.'],
    ['an aside between commas after a preposition', 'It was backed by, among others, the mayor.'],
    ['directional words in names', 'Aid reached Eastern Ghouta. Georgia Southern won. She spoke with a Southern drawl. Northern Ireland voted.'],
    ['compound adjectives with their noun', 'The Russian-held town of Tokmak was shelled, and the Iranian-backed militia withdrew.'],
    [
      'adjectives said of something, set off by commas, or sharing a noun',
      'The militia is Iranian-backed. Her accent was Southern. The militia, Iranian-backed, withdrew. Eastern and Western Europe differ.',
    ],
    ['nationalities as nouns', 'She beat the Kenyan in the final. The Ukrainian from Kyiv was third. He speaks Russian to his mother.'],
    ['names with particles', 'Pieter van der Berg and Maria de los Santos met Omar al-Masri.'],
    ['names in other scripts', 'Poems by Mahmoud Darwish (محمود درويش) and Yael Cohen (יעל כהן) were read.'],
  ])('is silent on %s', (_name, body) => {
    expect(droppedName(draft(body))).toEqual([]);
  });

  it('reads the headline and dek too', () => {
    const [r] = droppedName(draft('Fine.', { dek: 'Officials in met on Tuesday.' }));
    expect(r?.message).toMatch(/^In the dek: “in met”/);
  });
});
