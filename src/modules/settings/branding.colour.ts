import crypto from 'node:crypto';
import { invalidInput } from '../../platform/errors.js';

/*
 * The accent colour: links, kickers and the current section's marker.
 * Text in it must reach WCAG AA (4.5:1) on the backgrounds site.css uses.
 * No one colour can do that on both the light paper and the dark page (the
 * light one needs a dark colour, the dark one a light colour), so the colour
 * chosen is checked against the light scheme, and refused there with the
 * ratio it reaches; the dark scheme gets a variant derived from it, mixed
 * towards white just far enough to pass there too.
 */

/** The least contrast for text (WCAG 2 AA, normal size). */
export const MIN_CONTRAST = 4.5;

/** The backgrounds text may sit on (site.css: --bg and --surface), light and dark. */
export const LIGHT_BACKGROUNDS = ['#fbfaf7', '#f1eee7'] as const;
export const DARK_BACKGROUNDS = ['#161514', '#211f1d'] as const;

const HEX = /^#[0-9a-f]{6}$/;

/** "#1A2b3c", "1a2b3c" or "#abc" as "#1a2b3c"; null when it is not a hex colour. */
export function normaliseHex(typed: string): string | null {
  const t = typed.trim().toLowerCase().replace(/^#?/, '#');
  if (/^#[0-9a-f]{3}$/.test(t)) return `#${t[1]}${t[1]}${t[2]}${t[2]}${t[3]}${t[3]}`;
  return HEX.test(t) ? t : null;
}

const channels = (hex: string): [number, number, number] => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];

/** Relative luminance (WCAG 2). */
export function luminance(hex: string): number {
  const [r, g, b] = channels(hex).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The contrast ratio of two colours, from 1 to 21. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The lowest contrast a colour has on any of the backgrounds. */
const worst = (colour: string, backgrounds: readonly string[]): number => Math.min(...backgrounds.map((bg) => contrast(colour, bg)));

/** A ratio as people quote it: rounded down to one decimal, so 4.49 is never shown as 4.5. */
const ratio = (n: number): string => `${Math.floor(n * 10) / 10}:1`;

/**
 * The accent colour as stored: '' (the site's own colours) or a hex colour
 * readable on the light backgrounds; otherwise a 422 naming the ratio.
 */
export function checkAccentColour(value: unknown): string {
  if (value === '') return '';
  const hex = typeof value === 'string' ? normaliseHex(value) : null;
  if (!hex || hex !== value) throw invalidInput(`The accent colour must be a hex colour such as #1f4f8f, or empty for the site’s own colours; “${String(value).slice(0, 20)}” is not.`);
  const reached = worst(hex, LIGHT_BACKGROUNDS);
  if (reached < MIN_CONTRAST) {
    throw invalidInput(
      `The accent colour ${hex} has a contrast of ${ratio(reached)} on the site’s light background; links and labels need at least ${MIN_CONTRAST}:1 to be readable (WCAG AA). Choose a darker colour.`,
      { contrast: Math.floor(reached * 100) / 100 },
    );
  }
  return hex;
}

const toHex = (rgb: number[]): string => `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;

/**
 * The colour for the dark scheme: the accent itself when it already reads
 * well there, otherwise mixed towards white in small steps until it does
 * (white passes, so this always ends).
 */
export function darkVariant(hex: string): string {
  const rgb = channels(hex);
  for (let step = 0; step <= 100; step += 2) {
    const mixed = toHex(rgb.map((c) => c + ((255 - c) * step) / 100));
    if (worst(mixed, DARK_BACKGROUNDS) >= MIN_CONTRAST) return mixed;
  }
  return '#ffffff';
}

/** The stylesheet that gives the site its accent colour, in both schemes (served as /site/brand.css). */
export function brandCss(accent: string): string {
  if (!accent) return '';
  const dark = darkVariant(accent);
  return [`:root{--link:${accent};--accent:${accent};--focus:${accent}}`, `@media (prefers-color-scheme:dark){:root{--link:${dark};--accent:${dark};--focus:${dark}}}`, ''].join('\n');
}

/** A version for the stylesheet's address, so browsers may keep it for a year. */
export const brandCssVersion = (accent: string): string => crypto.createHash('sha256').update(brandCss(accent)).digest('hex').slice(0, 10);
