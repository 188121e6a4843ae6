import { describe, expect, it } from 'vitest';
import { bodyHash, cleanBody, cleanEmail, cleanName, countLinks, decide, findWord, type PolicyFacts } from './comments.policy.js';

describe('cleanBody', () => {
  it('unifies line endings and trims', () => {
    expect(cleanBody('  hello\r\nworld  ', 3000)).toBe('hello\nworld');
  });

  it('refuses empty text, non-strings, and text made only of invisible characters', () => {
    expect(() => cleanBody('   ', 3000)).toThrow('A comment needs some text.');
    expect(() => cleanBody(42, 3000)).toThrow('A comment needs some text.');
    expect(() => cleanBody('\u200B\u202E\u2066\uFEFF \u200D\u200C', 3000)).toThrow('A comment needs some text.');
  });

  it('removes direction overrides and zero-width spaces but keeps emoji joiners', () => {
    expect(cleanBody('abc\u202Edef\u200Bghi', 3000)).toBe('abcdefghi');
    expect(cleanBody('family 👨\u200D👩\u200D👧', 3000)).toBe('family 👨\u200D👩\u200D👧');
  });

  it('counts characters, not UTF-16 units, against the limit, and says how long the text was', () => {
    expect(cleanBody('😀'.repeat(3000), 3000)).toHaveLength(6000);
    expect(() => cleanBody('x'.repeat(3001), 3000)).toThrow('Comments are limited to 3,000 characters; this one has 3,001.');
    expect(() => cleanBody('>'.repeat(10_000), 3000)).toThrow(/limited to 3,000/);
  });
});

describe('guest identity', () => {
  it('accepts a plain name and refuses empty, invisible or over-long ones', () => {
    expect(cleanName('  Ada   Lovelace ')).toBe('Ada Lovelace');
    expect(() => cleanName('')).toThrow(/name of 1 to 50/);
    expect(() => cleanName('\u200B\u202E')).toThrow(/name of 1 to 50/);
    expect(() => cleanName('n'.repeat(51))).toThrow(/name of 1 to 50/);
  });

  it('needs a plausible email', () => {
    expect(cleanEmail(' Ada@Example.org ')).toBe('ada@example.org');
    expect(() => cleanEmail('not-an-email')).toThrow(/email address/);
  });
});

describe('findWord', () => {
  it('matches whole words and phrases, ignoring case, accents and hidden characters', () => {
    expect(findWord('You are an IDIOT.', ['idiot'])).toBe('idiot');
    expect(findWord('Idiotic take', ['idiot'])).toBeNull();
    expect(findWord('what a f\u200Bool', ['fool'])).toBe('fool');
    expect(findWord('Ｃａｓｉｎｏ night', ['casino'])).toBe('casino');
    expect(findWord('café owner', ['cafe'])).toBe('cafe');
    expect(findWord('buy  cheap\nwatches', ['cheap watches'])).toBe('cheap watches');
    expect(findWord('nothing here', [])).toBeNull();
  });
});

describe('countLinks and bodyHash', () => {
  it('counts web addresses', () => {
    expect(countLinks('see https://a.example and www.b.example or http://c.example/x')).toBe(3);
    expect(countLinks('no links, just a.b')).toBe(0);
  });

  it('treats the same words with other spacing or case as the same body', () => {
    expect(bodyHash('Hello   World')).toBe(bodyHash('hello world'));
    expect(bodyHash('Hello World')).not.toBe(bodyHash('Hello Word'));
  });
});

describe('decide', () => {
  const base: PolicyFacts = {
    mode: 'none',
    staff: false,
    trusted: false,
    guest: false,
    suspectWord: null,
    links: 0,
    maxLinks: 2,
    score: 0.1,
    scoreTrusted: true,
    holdScore: 0.7,
    rejectScore: 0.98,
  };

  it('publishes at once in post-moderation mode', () => {
    expect(decide(base)).toEqual({ status: 'approved', reason: '' });
  });

  it('holds everything in "all" mode, and only the untrusted in "first_time" mode', () => {
    expect(decide({ ...base, mode: 'all', trusted: true }).status).toBe('pending');
    expect(decide({ ...base, mode: 'first_time' })).toEqual({ status: 'pending', reason: 'Comments from new readers are reviewed before they appear.' });
    expect(decide({ ...base, mode: 'first_time', trusted: true }).status).toBe('approved');
    expect(decide({ ...base, mode: 'first_time', guest: true }).reason).toMatch(/guests/);
  });

  it('holds suspect words, too many links and doubtful scores, and files near-certain spam', () => {
    expect(decide({ ...base, suspectWord: 'refund' }).reason).toBe('It contains "refund", which this site reviews.');
    expect(decide({ ...base, links: 3 }).reason).toBe('It has 3 links; more than 2 are reviewed.');
    expect(decide({ ...base, links: 2 }).status).toBe('approved');
    expect(decide({ ...base, score: 0.7 }).status).toBe('pending');
    expect(decide({ ...base, score: 0.99 }).status).toBe('spam');
    expect(decide({ ...base, score: 0.99, trusted: true }).status).toBe('spam');
  });

  it('lets the score hold or file nothing until the classifier has learnt enough', () => {
    expect(decide({ ...base, scoreTrusted: false, score: 0.99 })).toEqual({ status: 'approved', reason: '' });
    expect(decide({ ...base, scoreTrusted: false, score: 0.8 })).toEqual({ status: 'approved', reason: '' });
    // The other rules still apply.
    expect(decide({ ...base, scoreTrusted: false, score: 0.99, links: 3 }).status).toBe('pending');
    expect(decide({ ...base, scoreTrusted: false, score: 0.99, mode: 'all' }).status).toBe('pending');
  });

  it('never holds staff', () => {
    expect(decide({ ...base, staff: true, mode: 'all', score: 1, suspectWord: 'x', links: 10 }).status).toBe('approved');
  });
});
