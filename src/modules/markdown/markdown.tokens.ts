/**
 * Reading markdown-it token lists: where a nested token closes, and the
 * text that inline tokens hold. Shared by the renderer's rules and the
 * plain-text helpers.
 */
import type { Token } from 'markdown-it';

/** Index of the token closing the one opened at `open` (same list), or -1. */
export function matchingClose(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i]!;
    depth += t.nesting;
    if (depth === 0) return i;
  }
  return -1;
}

/** Text content of inline tokens: text and code, breaks as spaces, images and markup skipped. */
export function inlineText(tokens: readonly Token[]): string {
  let out = '';
  for (const t of tokens) {
    switch (t.type) {
      case 'text':
      case 'text_special':
      case 'code_inline':
        out += t.content;
        break;
      case 'softbreak':
      case 'hardbreak':
        out += ' ';
        break;
      default:
        break;
    }
  }
  return out;
}

/** Alt text of an image: the text of its (inline) children, nested images included. */
export function altText(tokens: readonly Token[]): string {
  let out = '';
  for (const t of tokens) {
    if (t.type === 'image') out += altText(t.children ?? []);
    else out += inlineText([t]);
  }
  return out;
}
