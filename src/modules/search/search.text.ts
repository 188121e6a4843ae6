/*
 * Words as search sees them, the same on both databases. A word is a run of
 * letters, digits and private-use characters (Unicode classes L, N and Co:
 * what SQLite's unicode61 tokenizer keeps together); everything else
 * separates words. Words are lower-cased and Latin letters lose their
 * accents ("Café" → "cafe", "İstanbul" → "istanbul"), as unicode61 does with
 * remove_diacritics 2; other scripts keep theirs. On SQLite the FTS5
 * tokenizer applies these rules to stored text; on PostgreSQL the
 * application applies them and stores the words as they are (see
 * search.postgres.ts), so a query means the same on both.
 */

/** At most this much of what someone typed is read (in characters). */
export const MAX_QUERY_CHARS = 200;
/** At most this many distinct words of a query are searched for. */
export const MAX_QUERY_TERMS = 12;
/** Longer words are neither indexed on PostgreSQL nor searched for. */
export const MAX_TERM_CHARS = 100;
/** A query word this long or longer also finds words that begin with it ("council" finds "councils"). */
export const PREFIX_MIN_CHARS = 4;

const WORD = /[\p{L}\p{N}\p{Co}]+/gu;
const LATIN_MARKS = /(\p{Script=Latin})[\u0300-\u036f]+/gu;

const charCount = (s: string) => [...s].length;

/** Lower-case, and take the accents off Latin letters. */
export function fold(text: string): string {
  return text.toLowerCase().normalize('NFD').replace(LATIN_MARKS, '$1').normalize('NFC');
}

/** The words of a text, folded, in order (repeats kept); words over MAX_TERM_CHARS are left out. */
export function searchWords(text: string): string[] {
  return (fold(text).match(WORD) ?? []).filter((w) => charCount(w) <= MAX_TERM_CHARS);
}

/** A query's words: distinct, folded, at most MAX_QUERY_TERMS, from the first MAX_QUERY_CHARS characters. */
export interface ParsedQuery {
  /** What was typed, trimmed and cut to MAX_QUERY_CHARS, for showing back. */
  text: string;
  terms: string[];
}

export function parseQuery(raw: unknown): ParsedQuery {
  const typed = typeof raw === 'string' ? raw : '';
  // Cut by code points, so an emoji is never split in half; control characters become spaces.
  const chars = [...typed.replace(/[\u0000-\u001f\u007f]/g, ' ')];
  const cut = chars.slice(0, MAX_QUERY_CHARS).join('');
  // A word the cut runs through is left out rather than searched for in part.
  const whole = chars.length > MAX_QUERY_CHARS && /^[\p{L}\p{N}\p{Co}\p{M}]/u.test(chars[MAX_QUERY_CHARS]!) ? cut.replace(/[\p{L}\p{N}\p{Co}\p{M}]+$/u, '') : cut;
  const terms = [...new Set(searchWords(whole))].slice(0, MAX_QUERY_TERMS);
  return { text: cut.replace(/\s+/g, ' ').trim(), terms };
}

/** Whether a query word also finds longer words beginning with it. */
export const isPrefixTerm = (term: string) => charCount(term) >= PREFIX_MIN_CHARS;

/** Whether a folded word is found by one of the query's words. */
export function wordMatches(word: string, terms: string[]): boolean {
  return terms.some((t) => word === t || (isPrefixTerm(t) && word.startsWith(t)));
}

// Snippets --------------------------------------------------------------------

/** A piece of text, marked when it is a word the query found. */
export interface Segment {
  text: string;
  mark?: true;
}

/** Words shown before the first match in a snippet, where the text has them. */
const CONTEXT_WORDS = 5;

/** Word-like spans of the original text (combining marks kept inside, so a highlighted word is whole). */
const SPAN = /[\p{L}\p{N}\p{Co}\p{M}]+/gu;

interface Span {
  start: number;
  end: number;
  hit: string | null;
}

/** A span of ASCII letters and digits: folding it is lower-casing it, and it is one word. */
const ASCII_WORD = /^[A-Za-z0-9]+$/;

function spans(text: string, terms: string[]): Span[] {
  const out: Span[] = [];
  for (const m of text.matchAll(SPAN)) {
    // Most words of most stories are ASCII: folding each through Unicode normalisation made snippets cost more than the search.
    const words = ASCII_WORD.test(m[0]) ? [m[0].toLowerCase()] : (fold(m[0]).match(WORD) ?? []);
    const hitWord = words.find((w) => wordMatches(w, terms));
    const hit = hitWord === undefined ? null : (terms.find((t) => hitWord === t || (isPrefixTerm(t) && hitWord.startsWith(t))) ?? null);
    out.push({ start: m.index, end: m.index + m[0].length, hit });
  }
  return out;
}

/** Text from `start` to `end` as segments, each found word marked. */
function segmentsOf(text: string, list: Span[], start: number, end: number): Segment[] {
  const out: Segment[] = [];
  let at = start;
  for (const s of list) {
    if (s.end <= start || s.start >= end || s.hit === null) continue;
    if (s.start > at) out.push({ text: text.slice(at, s.start) });
    out.push({ text: text.slice(s.start, s.end), mark: true });
    at = s.end;
  }
  if (at < end) out.push({ text: text.slice(at, end) });
  return out;
}

/** The whole text with the query's words marked (for headlines). */
export function markWords(text: string, terms: string[]): Segment[] {
  if (text === '') return [];
  return segmentsOf(text, spans(text, terms), 0, text.length);
}

/** Whether any word of the text is found by the query. */
export const hasMatch = (text: string, terms: string[]): boolean => spans(text, terms).some((s) => s.hit !== null);

/**
 * A passage of about `maxWords` words around the query's words: the window
 * holding the most different query words (the earliest such window), with
 * "…" where the text goes on. Without any match, the text's beginning.
 */
export function snippet(text: string, terms: string[], maxWords = 30): Segment[] {
  return snippetOf(text, spans(text, terms), maxWords);
}

/**
 * What a result shows of a story: the passage of its body around the words
 * found; its dek, marked, when only the dek has them; the body's (or the
 * dek's) beginning when neither does. The body is read once.
 */
export function resultSnippet(body: string, dek: string, terms: string[]): Segment[] {
  const list = spans(body, terms);
  if (!list.some((s) => s.hit !== null) && hasMatch(dek, terms)) return markWords(dek, terms);
  return body === '' ? snippet(dek, terms) : snippetOf(body, list);
}

function snippetOf(text: string, list: Span[], maxWords = 30): Segment[] {
  if (list.length === 0) return [];
  let best = 0;
  let bestCount = -1;
  const counts = new Map<string, number>();
  const add = (s: Span | undefined, d: number) => {
    if (!s?.hit) return;
    const n = (counts.get(s.hit) ?? 0) + d;
    if (n === 0) counts.delete(s.hit);
    else counts.set(s.hit, n);
  };
  for (let i = 0; i < Math.min(maxWords, list.length); i++) add(list[i], 1);
  for (let start = 0; start + Math.min(maxWords, list.length) <= list.length; start++) {
    if (start > 0) {
      add(list[start - 1], -1);
      add(list[start + maxWords - 1], 1);
    }
    if (counts.size > bestCount) {
      bestCount = counts.size;
      best = start;
    }
  }
  // Within that, give the first match a few words of context before it, keeping every match of the window in view.
  const windowEnd = Math.min(list.length, best + maxWords) - 1;
  let firstHit = best;
  while (firstHit <= windowEnd && list[firstHit]!.hit === null) firstHit++;
  let lastHit = windowEnd;
  while (lastHit >= best && list[lastHit]!.hit === null) lastHit--;
  let lead = firstHit > windowEnd ? 0 : Math.max(0, lastHit - maxWords + 1, firstHit - CONTEXT_WORDS);
  lead = Math.min(lead, Math.max(0, list.length - maxWords));
  const tail = Math.min(list.length, lead + maxWords) - 1;
  const atEnd = tail === list.length - 1;
  const from = lead === 0 ? text.length - text.trimStart().length : list[lead]!.start;
  const to = atEnd ? text.trimEnd().length : list[tail]!.end;
  const out = segmentsOf(text, list, from, to);
  if (lead > 0) out.unshift({ text: '… ' });
  if (!atEnd) out.push({ text: ' …' });
  return out;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Segments as HTML: every piece escaped, found words in <mark>. */
export function segmentsToHtml(segments: Segment[]): string {
  return segments.map((s) => (s.mark ? `<mark>${escapeHtml(s.text)}</mark>` : escapeHtml(s.text))).join('');
}

export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
