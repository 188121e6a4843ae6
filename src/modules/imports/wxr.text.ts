import TurndownService from 'turndown';
import { autop } from './wxr.autop.js';
import { isSafeUrl } from './wxr.turndown.js';

/*
 * WordPress HTML as plain text, for what Broadsheet keeps as text: headlines
 * (WordPress titles may hold markup and entities) and comments (Broadsheet
 * comments are plain text: paragraphs on blank lines, line breaks, and
 * addresses that the comment view turns into links). A link keeps its
 * address after its text, so nothing a commenter pointed to is lost.
 */

const INLINE = [
  'strong',
  'b',
  'em',
  'i',
  'u',
  'ins',
  'mark',
  'cite',
  'span',
  'abbr',
  'acronym',
  'small',
  'big',
  'sub',
  'sup',
  'font',
  'code',
  'kbd',
  'samp',
  'var',
  'time',
  'del',
  's',
  'strike',
] as const;
const DROP = ['script', 'style', 'noscript', 'object', 'embed', 'applet', 'iframe', 'form', 'input', 'button', 'select', 'textarea', 'template', 'canvas', 'svg', 'math', 'video', 'audio'] as const;

const element = (node: Node): HTMLElement => node as HTMLElement;
/** A filter for elements by name (turndown's own list type only knows today's HTML names). */
const named = (names: readonly string[]) => (node: HTMLElement) => names.includes(node.nodeName.toLowerCase());

function createTextTurndown(dropped: { count: number }): TurndownService {
  const service = new TurndownService({ headingStyle: 'atx', br: '', bulletListMarker: '-', keepReplacement: (content) => content });
  service.escape = (text: string) => text;
  service.addRule('inline', { filter: named(INLINE), replacement: (content) => content });
  service.addRule('quote', { filter: 'q', replacement: (content) => `“${content}”` });
  service.addRule('heading', { filter: ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'], replacement: (content) => `\n\n${content.trim()}\n\n` });
  service.addRule('image', { filter: 'img', replacement: (_content, node) => (element(node).getAttribute('alt') ?? '').trim() });
  service.addRule('rule', { filter: 'hr', replacement: () => '\n\n' });
  service.addRule('pre', { filter: 'pre', replacement: (_content, node) => `\n\n${(node.textContent ?? '').replace(/\n$/, '')}\n\n` });
  service.addRule('cell', { filter: ['td', 'th'], replacement: (content) => ` ${content.trim()} ` });
  service.addRule('row', { filter: 'tr', replacement: (content) => `\n${content.trim()}\n` });
  service.addRule('listItem', {
    filter: 'li',
    replacement: (content, node) => `${node.parentNode?.nodeName === 'OL' ? `${Array.prototype.indexOf.call(node.parentNode.children, node) + 1}.` : '-'} ${content.trim().replace(/\n+/g, '\n  ')}\n`,
  });
  service.addRule('dropped', {
    filter: named(DROP),
    replacement: () => {
      dropped.count++;
      return '';
    },
  });
  service.addRule('link', {
    filter: 'a',
    replacement: (content, node) => {
      const href = (element(node).getAttribute('href') ?? '').trim();
      const text = content.trim();
      if (!/^https?:\/\//i.test(href) || !isSafeUrl(href)) return content;
      if (!text || text === href || text.replace(/^https?:\/\//, '') === href.replace(/^https?:\/\//, '')) return href;
      return `${content} (${href})`;
    },
  });
  return service;
}

/** Collapse what the conversion leaves: spaces at line ends, more than one blank line. */
const tidy = (text: string) =>
  text
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();

/** A title's text on one line: tags dropped, entities decoded, spaces collapsed. */
export function htmlToLine(html: string): string {
  return createTextTurndown({ count: 0 }).turndown(html.replace(/\n/g, ' ')).replace(/\s+/g, ' ').trim();
}

/** A comment's HTML as Broadsheet's plain comment text, with how many scripts, frames and the like were dropped. */
export function htmlToCommentText(html: string): { text: string; dropped: number } {
  const dropped = { count: 0 };
  const text = tidy(createTextTurndown(dropped).turndown(autop(html.replace(/\r\n?/g, '\n'))));
  return { text, dropped: dropped.count };
}
