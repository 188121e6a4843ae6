import { describe, expect, it } from 'vitest';
import { siteCardImage, siteCardSvg, siteCardVersion, wrapText } from './site.images.js';

describe('wrapText', () => {
  it('breaks at spaces and ends what does not fit with an ellipsis', () => {
    expect(wrapText('The Meridian Ledger', 30, 2)).toEqual(['The Meridian Ledger']);
    expect(wrapText('one two three four five', 9, 2)).toEqual(['one two', 'three…']);
    expect(wrapText('Supercalifragilistic', 10, 2)).toEqual(['Supercali…']);
  });
});

describe('the site card', () => {
  const site = { name: 'Tom & Jerry <News>', tagline: 'Cats "and" mice' };
  it('escapes the name and tagline in its drawing', () => {
    const svg = siteCardSvg(site, 'https://news.example.org', '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>');
    expect(svg).toContain('Tom &amp; Jerry &lt;News&gt;');
    expect(svg).toContain('Cats &quot;and&quot; mice');
    expect(svg).toContain('news.example.org');
  });

  it('has an address that changes with what it shows', () => {
    const v = siteCardVersion(site, 'https://news.example.org');
    expect(siteCardVersion({ ...site, name: 'Other' }, 'https://news.example.org')).not.toBe(v);
    expect(siteCardImage(site, 'https://news.example.org')).toMatchObject({ url: `/site/card.png?v=${v}`, width: 1200, height: 630, mime: 'image/png' });
  });
});
