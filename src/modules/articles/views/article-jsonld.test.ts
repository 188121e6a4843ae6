import { describe, expect, it } from 'vitest';
import { updateHeadline } from './article-jsonld.js';

describe('updateHeadline', () => {
  it("is the update's first sentence when it is short enough", () => {
    expect(updateHeadline('The ferry is cancelled. More sailings may follow.')).toBe('The ferry is cancelled.');
    expect(updateHeadline('Is the bridge open? Not yet.')).toBe('Is the bridge open?');
  });

  it('is the whole text when it is one short sentence without a full stop', () => {
    expect(updateHeadline('  Winds reached 90 km/h\n at the pier ')).toBe('Winds reached 90 km/h at the pier');
  });

  it('cuts a long text at a space, within 110 characters, with an ellipsis', () => {
    const text = `${'word '.repeat(40)}end.`;
    const headline = updateHeadline(text);
    expect(headline.length).toBeLessThanOrEqual(110);
    expect(headline).toMatch(/^word( word)+…$/);
  });

  it('says "Update" for an update without text (a picture only)', () => {
    expect(updateHeadline('')).toBe('Update');
  });
});
