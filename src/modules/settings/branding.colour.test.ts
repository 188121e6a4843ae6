import { describe, expect, it } from 'vitest';
import { brandCss, checkAccentColour, contrast, DARK_BACKGROUNDS, darkVariant, LIGHT_BACKGROUNDS, MIN_CONTRAST, normaliseHex } from './branding.colour.js';

describe('accent colour', () => {
  it('computes WCAG contrast ratios', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#ffffff', '#ffffff')).toBe(1);
    // site.css says its link blue is 7.8:1 on the paper.
    expect(contrast('#1f4f8f', '#fbfaf7')).toBeCloseTo(7.8, 1);
  });

  it('reads hex colours as people type them', () => {
    expect(normaliseHex('#0B5D3B')).toBe('#0b5d3b');
    expect(normaliseHex('abc')).toBe('#aabbcc');
    expect(normaliseHex(' #123456 ')).toBe('#123456');
    for (const bad of ['red', '#12345', '#1234567', 'rgb(0,0,0)', '#ggg000']) expect(normaliseHex(bad)).toBeNull();
  });

  it('refuses a colour unreadable on the light backgrounds, naming the ratio rounded down', () => {
    expect(() => checkAccentColour('#777777')).toThrow(/contrast of 3\.8:1 .* at least 4\.5:1/);
    expect(() => checkAccentColour('#FFFFFF')).toThrow(/must be a hex colour/);
    expect(() => checkAccentColour('javascript:alert(1)')).toThrow(/must be a hex colour/);
    expect(checkAccentColour('#0b5d3b')).toBe('#0b5d3b');
    expect(checkAccentColour('')).toBe('');
  });

  it('derives a dark-scheme colour that passes on every dark background, keeping a colour that already does', () => {
    for (const colour of ['#0b5d3b', '#1f4f8f', '#b1261f', '#000000', '#5a1e7a']) {
      const dark = darkVariant(colour);
      for (const bg of DARK_BACKGROUNDS) expect(contrast(dark, bg), `${colour} → ${dark} on ${bg}`).toBeGreaterThanOrEqual(MIN_CONTRAST);
    }
    expect(darkVariant('#f08c80')).toBe('#f08c80');
    // The light colour itself passes on the light backgrounds.
    for (const bg of LIGHT_BACKGROUNDS) expect(contrast('#0b5d3b', bg)).toBeGreaterThanOrEqual(MIN_CONTRAST);
  });

  it('writes the stylesheet for both schemes, and nothing without a colour', () => {
    expect(brandCss('')).toBe('');
    const css = brandCss('#0b5d3b');
    expect(css).toContain(':root{--link:#0b5d3b;--accent:#0b5d3b;--focus:#0b5d3b}');
    expect(css).toContain(`@media (prefers-color-scheme:dark){:root{--link:${darkVariant('#0b5d3b')};`);
  });
});
