import { jsxTemplate } from 'preact/jsx-runtime';
import { commentBodyMarkup } from './comment-markup.js';

export { MAX_LINK_TEXT } from './comment-markup.js';

/**
 * A plain-text comment body as paragraphs, line breaks and links; never
 * markup from the comment's own characters (comment-markup.ts writes it).
 */
export function CommentBody({ text }: { text: string }) {
  return jsxTemplate([commentBodyMarkup(text)]);
}
