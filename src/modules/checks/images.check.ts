/**
 * `image-alt` (blocker): the featured image and every body image need alt text.
 * `featured-image-repeated` (warning): the body's first image is the featured image, which readers already see above the story.
 */
import { parseBody, q, type BodyImage } from './body.check.js';
import type { CheckResult, DraftForChecks } from './checks.types.js';

/** How to name a body image for the editor: its caption, else its file name. */
function describe(image: BodyImage): string {
  const caption = splitCaption(image.title);
  if (caption) return `The image ${q(caption)}`;
  const file = image.src.split(/[?#]/)[0]?.split('/').filter(Boolean).pop() ?? '';
  return file ? `The image ${file}` : 'An image';
}

/** The caption part of an image title ("Caption | Credit"), split on the last " | " as the renderer does. */
function splitCaption(title: string): string {
  const m = /^(.*)(?:^|\s)\|(?:\s|$)(.*)$/s.exec(title);
  return (m ? (m[1] ?? '') : title).trim();
}

function markdownOf(image: BodyImage): string {
  return `![${image.alt}](${image.src}${image.title ? ` "${image.title}"` : ''})`;
}

export function imageAlt(draft: DraftForChecks): CheckResult[] {
  const out: CheckResult[] = [];
  if (draft.featuredImage && draft.featuredImage.alt.trim() === '') {
    out.push({
      id: 'image-alt',
      severity: 'blocker',
      message: "The featured image has no alt text; describe it for readers who can't see it.",
    });
  }
  for (const image of parseBody(draft.body).images) {
    if (image.alt.trim() !== '') continue;
    out.push({
      id: 'image-alt',
      severity: 'blocker',
      message: `${describe(image)} has no alt text; describe it for readers who can't see it, between the square brackets: ![what the photo shows](…).`,
      excerpt: markdownOf(image),
    });
  }
  return out;
}

/** An image address as compared: its path, without query or fragment, and without the site's own origin. */
function addressKey(src: string): string {
  try {
    const u = new URL(src, 'http://site.invalid');
    return (u.host === 'site.invalid' ? '' : u.host) + decodeURI(u.pathname);
  } catch {
    return src.split(/[?#]/)[0] ?? src;
  }
}

export function featuredImageRepeated(draft: DraftForChecks): CheckResult[] {
  const urls = draft.featuredImage?.urls ?? [];
  if (urls.length === 0) return [];
  const first = parseBody(draft.body).images[0];
  if (!first) return [];
  const featured = new Set(urls.map(addressKey));
  if (!featured.has(addressKey(first.src))) return [];
  return [
    {
      id: 'featured-image-repeated',
      severity: 'warning',
      message: 'The first image in the body is the featured image, which readers already see above the story: they would see it twice. Remove it from the body, or choose another featured image.',
      excerpt: markdownOf(first),
    },
  ];
}
