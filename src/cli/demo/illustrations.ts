/*
 * Original artwork for the demo site, drawn as SVG: abstract landscapes for
 * featured images and monogram portraits for authors. Deterministic, so the
 * same slug always draws the same picture.
 */
import { seededRandom } from '../../platform/seeded-random.js';

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export const ILLUSTRATION_SIZE = { width: 1200, height: 675 } as const;
export const PORTRAIT_SIZE = { width: 400, height: 400 } as const;

/** A layered landscape of hills under a sun, in the given palette. */
export function illustration(key: string, palette: [string, string], title: string): string {
  const { width, height } = ILLUSTRATION_SIZE;
  const rnd = seededRandom(hash(key));
  const [a, b] = palette;
  const layers: string[] = [];
  for (let i = 0; i < 4; i++) {
    const base = height * (0.45 + i * 0.13);
    let d = `M0 ${height} L0 ${Math.round(base)}`;
    const steps = 6;
    for (let s = 1; s <= steps; s++) {
      const x = Math.round((width / steps) * s);
      const y = Math.round(base + (rnd() - 0.5) * 120);
      const cx = Math.round(x - width / steps / 2);
      const cy = Math.round(base + (rnd() - 0.5) * 160);
      d += ` Q${cx} ${cy} ${x} ${y}`;
    }
    d += ` L${width} ${height} Z`;
    layers.push(`<path d="${d}" fill="${i % 2 === 0 ? a : b}" opacity="${(0.55 + i * 0.15).toFixed(2)}"/>`);
  }
  const sunX = Math.round(width * (0.2 + rnd() * 0.6));
  const sunY = Math.round(height * (0.18 + rnd() * 0.15));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img"><title>${esc(title)}</title><defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${b}" stop-opacity="0.25"/><stop offset="1" stop-color="${a}" stop-opacity="0.1"/></linearGradient></defs><rect width="${width}" height="${height}" fill="#f4f1ea"/><rect width="${width}" height="${height}" fill="url(#sky)"/><circle cx="${sunX}" cy="${sunY}" r="${Math.round(50 + rnd() * 40)}" fill="${b}" opacity="0.8"/>${layers.join('')}</svg>\n`;
}

/** A round monogram portrait. */
export function portrait(name: string, palette: [string, string]): string {
  const { width, height } = PORTRAIT_SIZE;
  const initials = name
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase())
    .slice(0, 2)
    .join('');
  const [a, b] = palette;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img"><title>${esc(name)}</title><rect width="${width}" height="${height}" fill="${a}"/><circle cx="200" cy="470" r="230" fill="${b}" opacity="0.55"/><text x="200" y="228" text-anchor="middle" font-family="Georgia, 'Times New Roman', serif" font-size="150" fill="#ffffff">${esc(initials)}</text></svg>\n`;
}
