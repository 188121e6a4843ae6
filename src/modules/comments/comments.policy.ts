import crypto from 'node:crypto';
import type { ModerationMode } from '../../platform/db/schema.js';
import { invalidInput } from '../../platform/errors.js';

/*
 * The rules a new comment meets before it is stored: its text, the site's
 * word lists, and whether it is published at once or held for a moderator.
 * Pure functions; the service supplies the facts (who posts, their record,
 * the classifier's score).
 */

/** Characters that change how text reads without being seen: bidi overrides and isolates, zero-width spaces, BOM. */
const INVISIBLE_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200B\u2060\uFEFF\u00AD]/g;
/** Everything that prints nothing, for deciding whether a body is empty (joiners and marks included). */
// eslint-disable-next-line no-misleading-character-class -- the class lists joiners on their own, on purpose: they print nothing.
const PRINTS_NOTHING = /[\s\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFEFF\u00AD\u034F\u115F\u1160\u3164\uFFA0]/gu;

/**
 * A comment body as stored: line endings unified, invisible direction and
 * width controls removed (they can only be used to disguise text), trimmed,
 * non-empty and within the length limit. Zero-width joiners stay: emoji and
 * several scripts need them.
 */
export function cleanBody(body: unknown, maxLength: number): string {
  if (typeof body !== 'string') throw invalidInput('A comment needs some text.');
  const text = body
    .replace(/\r\n?/g, '\n')
    .replace(INVISIBLE_CONTROLS, '')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
    .trim();
  if (!text || text.replace(PRINTS_NOTHING, '') === '') throw invalidInput('A comment needs some text.');
  const length = [...text].length;
  if (length > maxLength) {
    throw invalidInput(`Comments are limited to ${maxLength.toLocaleString('en-US')} characters; this one has ${length.toLocaleString('en-US')}.`, { maxLength, length });
  }
  return text;
}

/** The longest name a guest may comment under (the form's limit too). */
export const MAX_GUEST_NAME = 50;

/** A display name for a guest: 1 to MAX_GUEST_NAME visible characters, no controls. */
export function cleanName(name: unknown): string {
  const text =
    typeof name === 'string'
      ? name
          .replace(INVISIBLE_CONTROLS, '')
          .replace(/[\u0000-\u001F\u007F]/g, '')
          .replace(/\s+/g, ' ')
          .trim()
      : '';
  if (!text || text.replace(PRINTS_NOTHING, '') === '' || [...text].length > MAX_GUEST_NAME) throw invalidInput(`Give a name of 1 to ${MAX_GUEST_NAME} characters to comment as a guest.`);
  return text;
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,}$/;

export function cleanEmail(email: unknown): string {
  const text = typeof email === 'string' ? email.trim().toLowerCase() : '';
  if (!EMAIL.test(text) || text.length > 320) throw invalidInput('Give an email address to comment as a guest; it is never shown.');
  return text;
}

/** Text folded for matching words: compatibility forms unified, case and accents ignored, invisible characters dropped. */
export function foldForMatching(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(PRINTS_NOTHING, (c) => (/\s/.test(c) ? ' ' : ''))
    .toLowerCase();
}

/** The first word or phrase of `words` that the text contains as a whole word, or null. */
export function findWord(text: string, words: readonly string[]): string | null {
  const folded = foldForMatching(text);
  for (const word of words) {
    const w = foldForMatching(word).trim();
    if (!w) continue;
    const escaped = w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
    if (new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'u').test(folded)) return word;
  }
  return null;
}

/** How many web addresses the text holds (the same ones the renderer would link). */
export function countLinks(text: string): number {
  return (text.match(/\b(?:https?:\/\/|www\.)[^\s<>"]+/gi) ?? []).length;
}

/** Identity of a body for duplicate detection: case, spacing and invisible characters ignored. */
export function bodyHash(text: string): string {
  return crypto.createHash('sha256').update(foldForMatching(text).replace(/\s+/g, ' ').trim()).digest('hex');
}

export interface PolicyFacts {
  mode: ModerationMode;
  /** Staff comment as themselves and are never held. */
  staff: boolean;
  /** Readers past the trust threshold skip mode-based holds. */
  trusted: boolean;
  guest: boolean;
  suspectWord: string | null;
  links: number;
  maxLinks: number;
  score: number;
  /** The classifier has learnt enough for its score to hold or file comments. */
  scoreTrusted: boolean;
  holdScore: number;
  rejectScore: number;
}

export type Decision = { status: 'approved'; reason: '' } | { status: 'pending'; reason: string } | { status: 'spam'; reason: string };

/**
 * Publish, hold or file as spam. Content signals (the classifier, suspect
 * words, links) apply to everyone but staff; the moderation mode applies to
 * those the site does not trust yet.
 */
export function decide(f: PolicyFacts): Decision {
  if (f.staff) return { status: 'approved', reason: '' };
  if (f.scoreTrusted && f.score >= f.rejectScore) return { status: 'spam', reason: `The spam filter scored it ${f.score.toFixed(2)}.` };
  if (f.scoreTrusted && f.score >= f.holdScore) return { status: 'pending', reason: `The spam filter scored it ${f.score.toFixed(2)}.` };
  if (f.suspectWord) return { status: 'pending', reason: `It contains "${f.suspectWord}", which this site reviews.` };
  if (f.links > f.maxLinks) return { status: 'pending', reason: `It has ${f.links} links; more than ${f.maxLinks} are reviewed.` };
  if (f.mode === 'all') return { status: 'pending', reason: 'Every comment here is reviewed before it appears.' };
  if (f.mode === 'first_time' && (f.guest || !f.trusted)) {
    return { status: 'pending', reason: f.guest ? 'Comments from guests are reviewed before they appear.' : 'Comments from new readers are reviewed before they appear.' };
  }
  return { status: 'approved', reason: '' };
}
