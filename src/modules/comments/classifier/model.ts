/*
 * Naive Bayes over comment features, in log-odds, with each word's
 * probability estimated the way Gary Robinson proposed for spam filters (and
 * SpamBayes and Bogofilter use): robust when a word has been seen only a few
 * times, which is all a young site has.
 *
 * Each feature is treated as present or absent in a document (tokenize counts
 * a word once per comment). For a feature seen in `spam` of the spamDocs spam
 * documents and `ham` of the hamDocs legitimate ones:
 *
 *   p(t)      = (spam / spamDocs) / (spam / spamDocs + ham / hamDocs)
 *               (the share of spam among comments using it, as if both kinds
 *               were equally common, so a site's mix does not bias every word)
 *   f(t)      = (STRENGTH × ½ + n × p(t)) / (STRENGTH + n),  n = spam + ham
 *               (a word seen once says less than a word seen fifty times:
 *               it starts at ½ and moves toward p as it is seen)
 *   weight(t) = ln f − ln(1 − f)                               (+ toward spam)
 *
 * Only telling features count: those with f at least MIN_STRENGTH away from ½
 * (weight ±0.41 or more). Words that are as common in both kinds, most of any
 * text, would otherwise dilute the few that decide.
 *
 *   evidence  = Σ weight(t) / (k + NEUTRAL_FEATURES)   over the k telling features
 *   score     = 1 / (1 + e^−(slope × evidence + intercept))
 *
 * slope and intercept are the calibration (calibration.ts): fitted to the
 * site's own decisions, COLD_START (a neutral prior) before that.
 *
 * Only features that are present count (absent ones would make every
 * score depend on the whole vocabulary). A feature never seen in either class
 * is skipped. Each weight is clamped to ±MAX_TOKEN_WEIGHT (odds of about
 * 20:1), so one word cannot outvote the rest of the comment.
 */

export interface TokenCounts {
  spam: number;
  ham: number;
}

export interface Counts {
  spamDocs: number;
  hamDocs: number;
  tokens: Map<string, TokenCounts>;
  /**
   * Documents among spamDocs and hamDocs that speak only of `tokens` (the
   * built-in list's imaginary comments): for any other feature they are not
   * counted, as it cannot have been seen in them.
   */
  listedOnly?: { spamDocs: number; hamDocs: number; tokens: ReadonlySet<string> };
}

export interface Reason {
  token: string;
  /** Log-odds contribution: positive toward spam, negative toward ham. */
  weight: number;
}

export interface Scored {
  /** Spam probability, 0–1. */
  score: number;
  /** The features that moved the score most, strongest first. */
  reasons: Reason[];
}

export const MAX_TOKEN_WEIGHT = 3;
/** How many documents' worth of belief a word starts with at ½ (Robinson's s; SpamBayes uses 0.45). */
export const STRENGTH = 0.45;
/** How far from ½ a word's f must be to count (SpamBayes's minimum probability strength). */
export const MIN_STRENGTH = 0.1;
/** The smallest weight that counts: the log-odds of ½ + MIN_STRENGTH. */
export const MIN_WEIGHT = Math.log((0.5 + MIN_STRENGTH) / (0.5 - MIN_STRENGTH));
/** Imaginary features of weight 0 added to every comment, so a few words say less than many agreeing. */
export const NEUTRAL_FEATURES = 2;
export const MIN_REASON_WEIGHT = 0.1;
export const MAX_REASONS = 5;

const clamp = (x: number, limit: number): number => Math.max(-limit, Math.min(limit, x));

/** A feature's clamped log-odds contribution; 0 for a feature never seen. */
export function tokenWeight(t: TokenCounts, spamDocs: number, hamDocs: number): number {
  const n = t.spam + t.ham;
  // Until documents of both kinds could have had it, a feature says nothing of which kind it belongs to.
  if (n <= 0 || spamDocs <= 0 || hamDocs <= 0) return 0;
  const spamRate = t.spam / spamDocs;
  const hamRate = t.ham / hamDocs;
  const p = spamRate / (spamRate + hamRate);
  const f = (STRENGTH * 0.5 + n * p) / (STRENGTH + n);
  return clamp(Math.log(f) - Math.log(1 - f), MAX_TOKEN_WEIGHT);
}

/**
 * The evidence a comment's features give, before calibration: the mean weight
 * of the features that contributed, with NEUTRAL_FEATURES imaginary neutral
 * ones, so that one telling word says less than five agreeing, and a long comment is not pushed to the
 * extremes merely by having many words (summing every weight, as textbook
 * naive Bayes does, makes scores of long texts 0 or 1 whatever they say).
 * `without` leaves out one document of that label that had these features
 * (scoring a stored decision as if it had not been learnt, for calibration).
 */
export function evidenceOf(counts: Counts, features: Iterable<string>, without: 'spam' | 'ham' | null = null): { evidence: number; weighed: Reason[] } {
  const weighed: Reason[] = [];
  const spamDocs = Math.max(0, counts.spamDocs - (without === 'spam' ? 1 : 0));
  const hamDocs = Math.max(0, counts.hamDocs - (without === 'ham' ? 1 : 0));
  const listed = counts.listedOnly;
  let sum = 0;
  // Sorted so that the same features give the same floating-point sum in any order.
  for (const token of [...new Set(features)].sort()) {
    const seen = counts.tokens.get(token);
    if (!seen) continue;
    const t = without ? { spam: Math.max(0, seen.spam - (without === 'spam' ? 1 : 0)), ham: Math.max(0, seen.ham - (without === 'ham' ? 1 : 0)) } : seen;
    if (t.spam + t.ham <= 0) continue;
    const unlisted = listed && !listed.tokens.has(token);
    const weight = unlisted ? tokenWeight(t, spamDocs - listed.spamDocs, hamDocs - listed.hamDocs) : tokenWeight(t, spamDocs, hamDocs);
    if (Math.abs(weight) < MIN_WEIGHT) continue;
    sum += weight;
    weighed.push({ token, weight });
  }
  return { evidence: weighed.length ? sum / (weighed.length + NEUTRAL_FEATURES) : 0, weighed };
}

/** Turns evidence into a probability: spam = 1 / (1 + e^−(slope × evidence + intercept)). */
export interface Calibration {
  slope: number;
  intercept: number;
}

/**
 * Before the site's own decisions can be fitted: a neutral prior, and a slope
 * at which one word of the built-in list alone stays under the default hold
 * score (0.7) while two or more agreeing cross it.
 */
export const COLD_START: Calibration = { slope: 3, intercept: 0 };

/** Score a comment's features against the counts. Pure and order-independent. */
export function scoreWith(counts: Counts, features: Iterable<string>, calibration: Calibration = COLD_START): Scored {
  const { evidence, weighed } = evidenceOf(counts, features);
  const reasons = weighed
    .filter((r) => Math.abs(r.weight) >= MIN_REASON_WEIGHT)
    .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight) || (a.token < b.token ? -1 : 1))
    .slice(0, MAX_REASONS)
    .map((r) => ({ token: r.token, weight: Math.round(r.weight * 1000) / 1000 }));
  return { score: 1 / (1 + Math.exp(-(calibration.slope * evidence + calibration.intercept))), reasons };
}

/** Add counts together (the built-in list's pseudo-counts and what was learnt). */
export function mergeCounts(...parts: Counts[]): Counts {
  const tokens = new Map<string, TokenCounts>();
  let spamDocs = 0;
  let hamDocs = 0;
  let listedOnly: Counts['listedOnly'];
  for (const part of parts) {
    spamDocs += part.spamDocs;
    hamDocs += part.hamDocs;
    for (const [token, c] of part.tokens) {
      const sum = tokens.get(token) ?? { spam: 0, ham: 0 };
      tokens.set(token, { spam: sum.spam + c.spam, ham: sum.ham + c.ham });
    }
    const l = part.listedOnly;
    if (l) listedOnly = listedOnly ? { spamDocs: listedOnly.spamDocs + l.spamDocs, hamDocs: listedOnly.hamDocs + l.hamDocs, tokens: new Set([...listedOnly.tokens, ...l.tokens]) } : l;
  }
  return listedOnly ? { spamDocs, hamDocs, tokens, listedOnly } : { spamDocs, hamDocs, tokens };
}
