/**
 * Grammatical gaps a deleted name leaves without stray punctuation, found
 * with compromise, an English part-of-speech tagger ("two": the tagger
 * without the larger phrase plugins). The tagger decides what a word is in
 * its sentence; the patterns below say which sequences English does not
 * allow:
 *
 * - a preposition right before a finite verb: "Officials in met on Tuesday",
 *   "the key city of liberated.";
 * - "a", "an" or "the" right before a finite verb: "Officials from the were
 *   not available";
 * - a preposition after a noun (or "by" after a passive verb) with
 *   punctuation or "and" where its object should be: "the governor of, who",
 *   "signed by and the ministry";
 * - a directional adjective ("Eastern", "Northwestern") or a compound such as
 *   "Russian-held" with no noun after it: "to retake Eastern from the forces".
 *
 * Only sentences with a possible gap are tagged (a cheap pre-filter on the
 * words), so a long story costs a few milliseconds.
 */
import { createRequire } from 'node:module';
import type nlpType from 'compromise/two';
import { memoByText } from './memo.js';

/**
 * The tagger, loaded on first use: it takes most of a second and tens of
 * megabytes to load, which every web worker would otherwise pay at start
 * for a check only the newsroom runs.
 */
let loaded: typeof nlpType | undefined;
const nlp = (text: string) => (loaded ??= createRequire(import.meta.url)('compromise/two') as typeof nlpType)(text);

export interface GrammarGap {
  start: number;
  end: number;
  message: string;
}

interface Term {
  text: string;
  tags: Set<string>;
  start: number;
  end: number;
  /** Punctuation and spaces after the word. */
  post: string;
}

/** The closed class of prepositions that must be followed by a noun phrase; adverbial particles ("came in", "since retired", "had never before seen") are left out. */
const PREPOSITION = String.raw`in|of|from|at|near|with|for|into|onto|upon|against|among|amid|between|toward|towards|across|within|without|beyond|despite|via|per|by|to|than`;
const PREPOSITION_WORD = new RegExp(`^(?:${PREPOSITION})$`, 'i');

/** A preposition or article and the lowercase word after it; or a preposition right against punctuation, or before "and"/"or", after a word. */
const AFTER_PREPOSITION = new RegExp(String.raw`(?<![\p{L}'\u2019-])(?:${PREPOSITION}|the|an?)\s+(?=(\p{Ll}+)(?![\p{L}'\u2019-]))`, 'giu');
const BEFORE_PUNCTUATION = new RegExp(String.raw`\p{Ll}\s(?:${PREPOSITION})(?:[,;:.](?=\s|$)|\s+(?:and|or)\s)`, 'iu');

/** The tagger's own lexicon: word → tag(s). */
let lexicon: Record<string, string | string[]> | undefined;

function lexiconOf(): Record<string, string | string[]> {
  if (!lexicon) {
    nlp('');
    lexicon = (loaded as unknown as { model(): { one: { lexicon: Record<string, string | string[]> } } }).model().one.lexicon;
  }
  return lexicon;
}

function lexiconTags(word: string): string[] {
  const tags = lexiconOf()[word];
  return tags === undefined ? [] : Array.isArray(tags) ? tags : [tags];
}

/** Whether the tagger may read the word as a verb with a tense ("met", "were", "says"), or it has the regular past ending. */
function mayBeFiniteVerb(word: string): boolean {
  return word.endsWith('ed') || lexiconTags(word).some((t) => t === 'PastTense' || t === 'Copula');
}

/** Whether a sentence has a possible gap worth tagging. */
function worthTagging(sentence: string): boolean {
  if (BEFORE_PUNCTUATION.test(sentence)) return true;
  for (const m of sentence.matchAll(AFTER_PREPOSITION)) if (mayBeFiniteVerb(m[1] ?? '')) return true;
  return false;
}

/** "Eastern", "Northwestern"; "Russian-held", "Iranian-backed": adjectives that cannot stand for a noun. */
const ADJECTIVE_ONLY =
  /(?<![\p{L}'\u2019-])(?:(?:North|South)(?:east|west)?ern|Eastern|Western|\p{Lu}\p{L}+-(?:held|backed|led|controlled|occupied|allied|aligned|run|owned|based))(?=[\s,.;:!?)]|$)/gu;

/** The tagged words of a sentence, with offsets into it (pre + text + post of compromise's terms add up to the sentence; a word is searched for when they do not). */
function tagSentence(sentence: string): Term[] {
  const out: Term[] = [];
  let at = 0;
  for (const list of nlp(sentence).docs) {
    for (const t of list) {
      at += t.pre.length;
      if (sentence.slice(at, at + t.text.length) !== t.text) {
        const found = sentence.indexOf(t.text, at);
        if (found >= 0) at = found;
      }
      out.push({ text: t.text, tags: t.tags ?? new Set(), start: at, end: at + t.text.length, post: t.post });
      at += t.text.length + t.post.length;
    }
  }
  return out;
}

/** Sentences are tagged once: between two autosaves, most of a story's sentences have not changed. */
const tagged = memoByText(tagSentence);

/** The tagged words of a sentence found at `offset`, with offsets into the whole text. */
function termsOf(sentence: string, offset: number): Term[] {
  return tagged(sentence).map((t) => ({ ...t, start: t.start + offset, end: t.end + offset }));
}

const has = (t: Term | undefined, ...tags: string[]): boolean => t !== undefined && tags.some((g) => t.tags.has(g));

/**
 * A verb in a tense of its own ("met", "were", "liberated"; not "to meet",
 * "meeting" or "born"): it needs a subject, and a preposition or an article
 * cannot give it one. Present-tense forms are left out: after a preposition
 * "boats" and "roofs" are plural nouns, though the tagger's lexicon lists them
 * as verbs too.
 */
function isFiniteVerb(t: Term | undefined): boolean {
  if (!t || !/^\p{Ll}/u.test(t.text)) return false;
  if (has(t, 'Copula') && !has(t, 'Infinitive')) return true;
  if (!has(t, 'Verb') || has(t, 'Gerund', 'Participle', 'Infinitive', 'Auxiliary', 'Modal', 'Particle')) return false;
  return has(t, 'PastTense');
}

/** "liberated", "broken": a regular past form, which also serves as an adjective ("the wooded slopes", "an estimated $90 million"). */
const PARTICIPLE_FORM = /(?:ed|en)$/;

/**
 * Whether the verb is really an adjective before what follows: a regular
 * past form before anything but punctuation, a preposition, an article or a
 * number ("in armed conflict", "from wooded slopes"); any verb before a noun
 * or adjective ("from left field"); and "from left to right".
 */
function modifiesNext(verb: Term, next: Term | undefined): boolean {
  if (verb.post.trim() !== '' || !next) return false;
  if (/^to$/i.test(next.text)) return !PARTICIPLE_FORM.test(verb.text);
  if (PARTICIPLE_FORM.test(verb.text)) return !has(next, 'Preposition', 'Determiner', 'Value', 'Pronoun', 'Adverb', 'Conjunction', 'Date');
  return has(next, 'Noun', 'Adjective', 'Value', 'Money') && !has(next, 'Pronoun', 'Date');
}

function prepositionBeforeVerb(terms: Term[]): GrammarGap[] {
  const out: GrammarGap[] = [];
  for (let i = 0; i + 1 < terms.length; i++) {
    const word = terms[i]!;
    const verb = terms[i + 1]!;
    if (word.post.trim() !== '') continue;
    // "to" takes an infinitive ("to meet"), so only an irregular past after it is a gap ("forces loyal to withdrew").
    const isTo = /^to$/i.test(word.text);
    const isPreposition = PREPOSITION_WORD.test(word.text) && (has(word, 'Preposition') || isTo) && !/^than$/i.test(word.text);
    if (isTo && (PARTICIPLE_FORM.test(verb.text) || !has(verb, 'PastTense'))) continue;
    const isArticle = /^(?:the|an?)$/i.test(word.text);
    if (!isPreposition && !isArticle) continue;
    if (!isFiniteVerb(verb) || modifiesNext(verb, terms[i + 2])) continue;
    // After an article, a regular past form is an adjective ("the injured", "an estimated"); only an irregular one ("the met") is a verb.
    if (isArticle && PARTICIPLE_FORM.test(verb.text)) continue;
    out.push({
      start: word.start,
      end: verb.end,
      message: `\u201c${word.text} ${verb.text}\u201d: ${isArticle ? 'an article' : 'a preposition'} right before the verb \u201c${verb.text}\u201d suggests the name after \u201c${word.text}\u201d was deleted. Restore it.`,
    });
  }
  return out;
}

/** The word a preposition needs before it to want a name after it: a noun ("the governor of"), or for "by" a passive verb ("was signed by"). */
function wantsName(before: Term, preposition: Term): boolean {
  if (before.post.trim() !== '') return false;
  if (/^by$/i.test(preposition.text)) return has(before, 'Passive') || (has(before, 'Noun') && !has(before, 'Pronoun'));
  return has(before, 'Noun') && !has(before, 'Pronoun');
}

const PUNCTUATION_NAME: Record<string, string> = { ',': 'comma', '.': 'full stop', ';': 'semicolon', ':': 'colon' };

/**
 * A preposition that needs a name, with punctuation or "and"/"or" where the
 * name should be: "the governor of, who", "signed by and the ministry". Not
 * "in" (the votes are in), and not after a verb: "the people she worked
 * with." ends a clause.
 */
function prepositionWithoutObject(terms: Term[], masked: string): GrammarGap[] {
  const out: GrammarGap[] = [];
  for (let i = 1; i < terms.length; i++) {
    const word = terms[i]!;
    const before = terms[i - 1]!;
    if (!PREPOSITION_WORD.test(word.text) || /^in$/i.test(word.text) || !has(word, 'Preposition') || !wantsName(before, word)) continue;
    const punct = /^[,;:.]/.exec(word.post)?.[0];
    const next = terms[i + 1];
    const after = terms[i + 2];
    // "backed by, among others, the mayor": an aside between commas, the object after it.
    const aside = punct === ',' && /^,\s*[^,.;:!?]{1,30},/.test(masked.slice(word.end, word.end + 40));
    if (punct && !aside) {
      out.push({
        start: before.start,
        end: word.end + 1,
        message: `\u201c${before.text} ${word.text}${punct}\u201d: \u201c${word.text}\u201d right before the ${PUNCTUATION_NAME[punct]} suggests the name after it was deleted. Restore it.`,
      });
    } else if (word.post.trim() === '' && next && /^(?:and|or)$/i.test(next.text) && next.post.trim() === '' && after && (has(after, 'Determiner') || /^\p{Lu}/u.test(after.text))) {
      out.push({
        start: word.start,
        end: next.end,
        message: `\u201c${word.text} ${next.text}\u201d: \u201c${word.text}\u201d with nothing before \u201c${next.text}\u201d suggests the name after it was deleted. Restore it.`,
      });
    }
  }
  return out;
}

function adjectiveWithoutNoun(terms: Term[], sentence: string, offset: number): GrammarGap[] {
  const out: GrammarGap[] = [];
  for (const m of sentence.matchAll(ADJECTIVE_ONLY)) {
    const start = offset + m.index;
    const end = start + m[0].length;
    const prev = [...terms].reverse().find((t) => t.end <= start);
    const next = terms.find((t) => t.start >= end);
    const between = sentence.slice(m.index + m[0].length, next ? next.start - offset : sentence.length);
    // Part of a name: "Georgia Southern", "Eastern Ghouta", "Northern Ireland".
    if (prev && prev.post.trim() === '' && /^\p{Lu}/u.test(prev.text) && !/^(?:The|A|An)$/.test(prev.text) && prev.end >= start - 1) continue;
    // Said of something: "the militia is Iranian-backed", "her accent was Southern".
    if (prev && prev.post.trim() === '' && has(prev, 'Copula', 'Adverb')) continue;
    // An aside between commas: "The militia, Iranian-backed, withdrew."
    if (prev && /,\s*$/.test(prev.post) && /^\s*,/.test(between)) continue;
    if (between.trim() === '' && next) {
      // "Eastern and Western Europe": a conjunction may share the noun that follows.
      if (/^\p{Lu}/u.test(next.text) || /^[-\u2010\u2011]/.test(between) || !has(next, 'Preposition', 'Verb', 'Determiner')) continue;
      if (has(next, 'Noun', 'Adjective') && !has(next, 'Preposition')) continue;
    }
    const shown = between.trim() === '' && next ? `${m[0]} ${next.text}` : `${m[0]}${between.trimEnd().slice(0, 1)}`;
    out.push({
      start,
      end: between.trim() === '' && next ? next.end : end + 1,
      message: `\u201c${shown}\u201d: \u201c${m[0]}\u201d describes a place or a side, but no name follows it, which suggests the name was deleted. Restore it.`,
    });
  }
  return out;
}

/** The gaps in one segment's masked text; offsets are into that text. */
export function grammarGaps(masked: string, sentences: ReadonlyArray<{ start: number; end: number }>): GrammarGap[] {
  const out: GrammarGap[] = [];
  for (const { start, end } of sentences) {
    const sentence = masked.slice(start, end);
    const maybeVerb = worthTagging(sentence);
    const maybeAdjective = sentence.search(ADJECTIVE_ONLY) >= 0;
    if (!maybeVerb && !maybeAdjective) continue;
    const terms = termsOf(sentence, start);
    if (maybeVerb) out.push(...prepositionBeforeVerb(terms), ...prepositionWithoutObject(terms, masked));
    if (maybeAdjective) out.push(...adjectiveWithoutNoun(terms, sentence, start));
  }
  return out;
}
