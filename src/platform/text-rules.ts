import { AppError, invalidInput } from './errors.js';

/*
 * What text the site accepts. No stored text may hold a NUL, the other C0
 * control characters (tab, line feed and carriage return aside) or a lone
 * UTF-16 surrogate: PostgreSQL refuses the first, both databases would store
 * the last as something else, and none is anything a person typed. The request
 * guard (request-guard.ts) refuses them in every request; the single-line
 * checks below are for fields shown on one line (names, headlines, settings),
 * which hold no line breaks and no bidi embedding or override characters.
 */

/** Control characters no text may hold (tab, LF and CR are allowed in multi-line text). */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Any control character, in a single-line field: C0 (tab, CR, LF included), DEL and C1. */
const SINGLE_LINE_CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;
/** Bidi embeddings, overrides and isolates: they reorder the text around them. Right-to-left letters are fine. */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;

const BIDI_NAMES: Record<string, string> = {
  '\u202A': 'LEFT-TO-RIGHT EMBEDDING',
  '\u202B': 'RIGHT-TO-LEFT EMBEDDING',
  '\u202C': 'POP DIRECTIONAL FORMATTING',
  '\u202D': 'LEFT-TO-RIGHT OVERRIDE',
  '\u202E': 'RIGHT-TO-LEFT OVERRIDE',
  '\u2066': 'LEFT-TO-RIGHT ISOLATE',
  '\u2067': 'RIGHT-TO-LEFT ISOLATE',
  '\u2068': 'FIRST STRONG ISOLATE',
  '\u2069': 'POP DIRECTIONAL ISOLATE',
};

/** "U+0000", "U+202E". */
export const codePoint = (ch: string): string => `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** The first character in `value` that no stored text may hold, or null. */
export function forbiddenCharacter(value: string): string | null {
  const m = CONTROL.exec(value) ?? LONE_SURROGATE.exec(value);
  return m ? m[0] : null;
}

/** Why `ch` (from forbiddenCharacter) is refused, for a message. */
export function describeForbidden(ch: string): string {
  if (ch === '\u0000') return 'a NUL character (U+0000)';
  const cp = ch.codePointAt(0) ?? 0;
  if (cp >= 0xd800 && cp <= 0xdfff) return `a broken character (a lone UTF-16 surrogate, ${codePoint(ch)})`;
  return `an invisible control character (${codePoint(ch)})`;
}

/** The refusal for a request holding a forbidden character in `where` (`query "q"`, `field "headline"`). */
export function forbiddenCharacterError(where: string, ch: string): AppError {
  return new AppError('invalid_characters', 400, `The ${where} contains ${describeForbidden(ch)}, which text on this site may not hold. Remove it and try again.`);
}

/**
 * Why a single-line field's value is refused, or null when it is fine: no
 * control characters (line breaks and tabs included), no bidi controls.
 * `label` names the field for the person ("Site name", "Headline").
 */
export function singleLineProblem(label: string, value: string): string | null {
  const control = SINGLE_LINE_CONTROL.exec(value) ?? CONTROL.exec(value);
  if (control) {
    const ch = control[0];
    const what =
      ch === '\n' || ch === '\r' || ch === '\u2028' || ch === '\u2029' ? `a line break (${codePoint(ch)})` : ch === '\t' ? `a tab (${codePoint(ch)})` : `a control character (${codePoint(ch)})`;
    return `${label} must be a single line of text: it contains ${what}.`;
  }
  const bidi = BIDI_CONTROL.exec(value);
  if (bidi) {
    const ch = bidi[0];
    return `${label} contains the invisible direction-changing character ${codePoint(ch)} ${BIDI_NAMES[ch] ?? ''}, which can make it display differently from what it says. Remove it; right-to-left letters need no such character.`;
  }
  const surrogate = LONE_SURROGATE.exec(value);
  if (surrogate) return `${label} contains ${describeForbidden(surrogate[0])}.`;
  return null;
}

/** `value` unchanged when it is fit for a single-line field; otherwise a 422 saying why (singleLineProblem). */
export function singleLine(label: string, value: string): string {
  const problem = singleLineProblem(label, value);
  if (problem) throw invalidInput(problem);
  return value;
}
