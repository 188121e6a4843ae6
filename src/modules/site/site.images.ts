import crypto from 'node:crypto';
import type { SocialImage } from '../../views/view-data.js';

/*
 * The site's own images for link previews and structured data: a card
 * (1200 × 630, the site's name and tagline on paper, for pages without a
 * picture of their own) and a square logo (the favicon as PNG), both drawn
 * as SVG here and rasterised by the media module.
 */

export const SITE_CARD_PATH = '/site/card.png';
export const SITE_LOGO_PATH = '/site/logo.png';
export const SITE_CARD_SIZE = { width: 1200, height: 630 } as const;
export const SITE_LOGO_SIZE = { width: 512, height: 512 } as const;

/** Bump when the card's drawing changes, so its address changes and previews are fetched again. */
const CARD_DESIGN_VERSION = 1;

interface CardSite {
  name: string;
  tagline: string;
}

/** The card's version: changes with what it shows, so a renamed site gets a new address (networks cache previews by URL). */
export function siteCardVersion(site: CardSite, siteUrl: string): string {
  return crypto.createHash('sha256').update(`${CARD_DESIGN_VERSION}\n${site.name}\n${site.tagline}\n${siteUrl}`).digest('hex').slice(0, 12);
}

export function siteCardImage(site: CardSite, siteUrl: string): SocialImage {
  return { url: `${SITE_CARD_PATH}?v=${siteCardVersion(site, siteUrl)}`, ...SITE_CARD_SIZE, alt: site.tagline ? `${site.name}: ${site.tagline}` : site.name, mime: 'image/png' };
}

export function siteLogoImage(site: CardSite): SocialImage {
  return { url: SITE_LOGO_PATH, ...SITE_LOGO_SIZE, alt: `${site.name} logo`, mime: 'image/png' };
}

const escapeXml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/**
 * Break text into at most `maxLines` lines of about `perLine` characters, at
 * spaces; what does not fit ends in "…".
 */
export function wrapText(text: string, perLine: number, maxLines: number): string[] {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const candidate = line ? `${line} ${word}` : word;
    if (candidate.length <= perLine || !line) {
      line = candidate;
      continue;
    }
    lines.push(line);
    line = word;
  }
  if (line) lines.push(line);
  const shown = lines.slice(0, maxLines).map((l) => (l.length > perLine ? `${l.slice(0, perLine - 1).trimEnd()}…` : l));
  if (lines.length > maxLines) shown[maxLines - 1] = `${shown[maxLines - 1]!.slice(0, perLine - 1).trimEnd()}…`;
  return shown;
}

// Average glyph widths of the fonts below, as a share of the font size (bold serif is wide).
const NAME_GLYPH = 0.58;
const TEXT_GLYPH = 0.53;
const TEXT_WIDTH = 1040;
const SERIF = "Charter, 'Bitstream Charter', Georgia, 'DejaVu Serif', serif";
const SANS = "'Helvetica Neue', Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif";

/** The name in the largest size (84, 68 or 56 px) that fits it on two lines. */
function nameLines(name: string): { size: number; lines: string[] } {
  for (const size of [84, 68]) {
    const perLine = Math.floor(TEXT_WIDTH / (size * NAME_GLYPH));
    const lines = wrapText(name, perLine, 3);
    if (lines.length <= 2 && !lines.some((l) => l.endsWith('…'))) return { size, lines };
  }
  return { size: 56, lines: wrapText(name, Math.floor(TEXT_WIDTH / (56 * NAME_GLYPH)), 2) };
}

/** The card as SVG: the mark, the name, a red rule, the tagline and the site's host. */
export function siteCardSvg(site: CardSite, siteUrl: string, mark: string): string {
  const { width, height } = SITE_CARD_SIZE;
  const name = nameLines(site.name || 'News');
  const tagline = wrapText(site.tagline, Math.floor(TEXT_WIDTH / (36 * TEXT_GLYPH)), 2);
  const lineHeight = Math.round(name.size * 1.12);
  // The name, rule and tagline are centred in the band between the mark (to 170) and the footer rule (from 520).
  const block = name.lines.length * lineHeight + 46 + tagline.length * 48;
  let y = Math.round(180 + (340 - block) / 2 + name.size * 0.8); // the first baseline
  const text: string[] = [];
  name.lines.forEach((line, i) => {
    if (i > 0) y += lineHeight;
    text.push(`<text x="80" y="${y}" font-family="${SERIF}" font-weight="700" font-size="${name.size}" fill="#1b1b1a">${escapeXml(line)}</text>`);
  });
  y += 36;
  text.push(`<rect x="80" y="${y}" width="140" height="6" fill="#b1261f"/>`);
  y += 58;
  for (const line of tagline) {
    text.push(`<text x="80" y="${y}" font-family="${SERIF}" font-size="36" fill="#3d3b37">${escapeXml(line)}</text>`);
    y += 48;
  }
  const host = new URL(siteUrl).host;
  const markData = Buffer.from(mark).toString('base64');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="${width}" height="${height}" fill="#fbfaf7"/>`,
    `<rect width="${width}" height="14" fill="#1b1b1a"/>`,
    `<image x="80" y="70" width="88" height="88" href="data:image/svg+xml;base64,${markData}"/>`,
    ...text,
    `<rect x="80" y="${height - 96}" width="${width - 160}" height="2" fill="#d8d4cb"/>`,
    `<text x="80" y="${height - 50}" font-family="${SANS}" font-size="28" letter-spacing="1" fill="#5c5a55">${escapeXml(host)}</text>`,
    '</svg>',
  ].join('');
}
