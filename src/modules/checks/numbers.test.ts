import { describe, expect, it } from 'vitest';
import { CARDINAL, numberValue, ORDINAL } from './numbers.js';

const UNITS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const TEENS = ['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/** Every cardinal from 1 to 99 in words, hyphenated. */
const words = (n: number): string => (n < 10 ? UNITS[n - 1]! : n < 20 ? TEENS[n - 10]! : `${TENS[Math.floor(n / 10) - 2]}${n % 10 ? `-${UNITS[(n % 10) - 1]}` : ''}`);

const whole = (pattern: string) => new RegExp(`^${pattern}$`, 'iu');

describe('numbers', () => {
  it('reads every cardinal from one to ninety-nine, hyphenated, spaced and capitalised', () => {
    for (let n = 1; n <= 99; n++) {
      const w = words(n);
      const forms = [w, w.replace('-', ' '), w.replace('-', '\u2010'), w.charAt(0).toUpperCase() + w.slice(1), w.toUpperCase()];
      for (const form of forms) {
        expect(whole(CARDINAL).test(form), form).toBe(true);
        expect(numberValue(form), form).toBe(n);
      }
    }
  });

  it('reads "a hundred", "one hundred" and digits', () => {
    expect(numberValue('a hundred')).toBe(100);
    expect(numberValue('One hundred')).toBe(100);
    expect(numberValue('79')).toBe(79);
    expect(whole(CARDINAL).test('a hundred')).toBe(true);
  });

  it('finds the whole number in a phrase, not its last part', () => {
    const m = new RegExp(CARDINAL, 'iu').exec('Seventy-nine years ago');
    expect(m?.[0]).toBe('Seventy-nine');
    expect(new RegExp(CARDINAL, 'iu').exec('Forty-two years')?.[0]).toBe('Forty-two');
    expect(new RegExp(CARDINAL, 'iu').exec('Thirty-one years')?.[0]).toBe('Thirty-one');
  });

  it('reads ordinals in digits and words', () => {
    for (const [text, n] of [
      ['79th', 79],
      ['1st', 1],
      ['22nd', 22],
      ['seventy-ninth', 79],
      ['Twentieth', 20],
      ['thirteenth', 13],
      ['hundredth', 100],
    ] as const) {
      expect(whole(ORDINAL).test(text), text).toBe(true);
      expect(numberValue(text), text).toBe(n);
    }
  });

  it.each(['1,000', '2.5', 'ninety-ten', 'hundreds', 'seventy-nine-ish'])('does not read “%s” as a count', (text) => {
    expect(whole(CARDINAL).test(text)).toBe(false);
  });

  it('says null for words that are not numbers', () => {
    expect(numberValue('several')).toBeNull();
    expect(numberValue('twenty-twenty')).toBeNull();
  });
});
