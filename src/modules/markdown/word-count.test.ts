import { describe, expect, it } from 'vitest';
import { countWords, describeLength, readingMinutes } from './word-count.js';

describe('word count', () => {
  it('counts the words readers read, not Markdown, image or link addresses', () => {
    const body = [
      '## The pier',
      'The **council** voted 7–2 to close [the pier](https://example.org/pier "Pier vote") today.',
      '![Crowd at the pier](/media/1.jpg "The crowd | Photo: Ana")',
      '> [!pullquote]',
      '> We will rebuild it.',
      '> — [The Harbour Gazette](https://example.org/x)',
    ].join('\n\n');
    // The pier (2) + The council voted 7 2 to close the pier today (10) + We will rebuild it (4) + The Harbour Gazette (3)
    expect(countWords(body)).toBe(19);
    expect(countWords('')).toBe(0);
    expect(countWords("It's the minister's 1,200-word speech.")).toBe(5);
  });

  it('gives reading time in whole minutes, at least one for any text', () => {
    expect(readingMinutes(0)).toBe(0);
    expect(readingMinutes(10)).toBe(1);
    expect(readingMinutes(1150)).toBe(5);
    expect(describeLength('One word', 'en-US')).toBe('2 words · 1 min read');
    expect(describeLength('', 'en-US')).toBe('0 words · nothing to read yet');
    expect(describeLength(Array.from({ length: 1234 }, () => 'w').join(' '), 'en-US')).toBe('1,234 words · 5 min read');
  });
});
