/*
 * Words and reading time of an article body, from its Markdown. Pure and
 * free of imports, so the editor's script counts as the server does while
 * the editor types.
 */

/** Words a minute an average reader reads news prose at. */
export const WORDS_PER_MINUTE = 230;

/** The readable words of a Markdown body: image Markdown, link addresses, block markers and code fences are not words. */
export function countWords(markdown: string): number {
  const text = markdown
    .replace(/^\s*(```|~~~).*$/gm, ' ')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, ' ')
    .replace(/\]\((?:[^()\s]|\([^()]*\))*(?:\s+"[^"]*")?\)/g, '] ')
    .replace(/^\s*>\s*\[!pullquote\]\s*$/gim, ' ')
    .replace(/https?:\/\/\S+/g, ' ');
  return text.match(/[\p{L}\p{N}][\p{L}\p{N}'’.,-]*/gu)?.length ?? 0;
}

/** Whole minutes to read `words` (at least one when there is anything to read). */
export function readingMinutes(words: number): number {
  return words === 0 ? 0 : Math.max(1, Math.round(words / WORDS_PER_MINUTE));
}

/** "1,234 words · 5 min read", in the site's locale. */
export function describeLength(markdown: string, locale?: string): string {
  const words = countWords(markdown);
  let n: string;
  try {
    n = words.toLocaleString(locale);
  } catch {
    n = String(words);
  }
  const minutes = readingMinutes(words);
  return `${n} ${words === 1 ? 'word' : 'words'} · ${minutes === 0 ? 'nothing to read yet' : `${minutes} min read`}`;
}
