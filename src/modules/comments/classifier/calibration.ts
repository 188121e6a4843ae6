import { type Calibration, COLD_START, type Counts, evidenceOf, mergeCounts, type TokenCounts } from './model.js';

/*
 * Fitting the score to the site's own decisions (Platt scaling).
 *
 * Every stored decision is scored as if it had not been learnt (its own counts
 * left out), which gives an honest, held-out evidence value for it; a
 * logistic curve spam = 1 / (1 + e^−(slope × evidence + intercept)) is then
 * fitted to those values and the moderators' labels. Platt's smoothed targets
 * ((spam + 1) / (spam + 2) rather than 1, 1 / (ham + 2) rather than 0) and a
 * light pull toward COLD_START keep a handful of decisions from producing a
 * curve that is certain of anything.
 *
 * Until the site has MIN_DECISIONS_EACH decisions of each kind the score does
 * not hold comments (see trusted()): a curve fitted on fewer says too little.
 */

export interface Decision {
  features: readonly string[];
  label: 'spam' | 'ham';
}

/** Decisions of each kind, spam and ham, before the score holds comments. */
export const MIN_DECISIONS_EACH = 50;

/** Whether the classifier has learnt enough decisions of each kind for its score to hold comments. */
export function trusted(spamDocs: number, hamDocs: number): boolean {
  return spamDocs >= MIN_DECISIONS_EACH && hamDocs >= MIN_DECISIONS_EACH;
}

/** Counts of features in documents, as the classifier's table stores them. */
export function countDecisions(decisions: readonly Decision[]): Counts {
  const tokens = new Map<string, TokenCounts>();
  let spamDocs = 0;
  let hamDocs = 0;
  for (const d of decisions) {
    if (d.label === 'spam') spamDocs++;
    else hamDocs++;
    for (const f of new Set(d.features)) {
      const c = tokens.get(f) ?? { spam: 0, ham: 0 };
      if (d.label === 'spam') c.spam++;
      else c.ham++;
      tokens.set(f, c);
    }
  }
  return { spamDocs, hamDocs, tokens };
}

/** Strength of the pull toward COLD_START, in pseudo-decisions' worth of curvature. */
const RIDGE = 2;

/**
 * Fit the calibration curve to (evidence, label) pairs by Newton's method,
 * with step halving, on the regularised log-loss. Falls back to COLD_START when either kind is missing.
 */
export function fitPlatt(points: readonly { evidence: number; spam: boolean }[]): Calibration {
  const spam = points.filter((p) => p.spam).length;
  const ham = points.length - spam;
  if (spam === 0 || ham === 0) return COLD_START;
  const hi = (spam + 1) / (spam + 2);
  const lo = 1 / (ham + 2);
  const target = (p: { spam: boolean }) => (p.spam ? hi : lo);
  // Σ log-loss + RIDGE/2 · ((a − a0)² + (b − b0)²), written to stay finite for large margins.
  const objective = (a: number, b: number): number => {
    let sum = (RIDGE / 2) * ((a - COLD_START.slope) ** 2 + (b - COLD_START.intercept) ** 2);
    for (const p of points) {
      const z = a * p.evidence + b;
      const t = target(p);
      const softplus = (x: number) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
      sum += t * softplus(-z) + (1 - t) * softplus(z);
    }
    return sum;
  };
  // Newton's method from the neutral start, each step halved until it lowers the objective.
  let a = 0;
  let b = 0;
  let current = objective(a, b);
  for (let iter = 0; iter < 100; iter++) {
    let ga = RIDGE * (a - COLD_START.slope);
    let gb = RIDGE * (b - COLD_START.intercept);
    let haa = RIDGE;
    let hab = 0;
    let hbb = RIDGE;
    for (const p of points) {
      const q = 1 / (1 + Math.exp(-(a * p.evidence + b)));
      const d = q - target(p);
      const w = q * (1 - q);
      ga += d * p.evidence;
      gb += d;
      haa += w * p.evidence * p.evidence;
      hab += w * p.evidence;
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    if (!(det > 0)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    let step = 1;
    let next = objective(a - da, b - db);
    while (next > current && step > 1e-6) {
      step /= 2;
      next = objective(a - step * da, b - step * db);
    }
    if (next > current) break;
    a -= step * da;
    b -= step * db;
    const done = current - next < 1e-10;
    current = next;
    if (done) break;
  }
  return { slope: a, intercept: b };
}

/**
 * A stored decision as the calibration sees it: its evidence scored against
 * `counts` as if it had not been learnt (its own counts left out), and its label.
 */
export function heldOutPoint(counts: Counts, d: Decision): { evidence: number; spam: boolean } {
  return { evidence: evidenceOf(counts, d.features, d.label).evidence, spam: d.label === 'spam' };
}

/**
 * The calibration for a site whose learnt counts are `learnt` and whose stored
 * decisions are `decisions`: each decision scored against the built-in list
 * plus everything learnt except itself, then the curve fitted.
 */
export function calibrate(seed: Counts, learnt: Counts, decisions: readonly Decision[]): Calibration {
  const counts = mergeCounts(seed, learnt);
  return fitPlatt(decisions.map((d) => heldOutPoint(counts, d)));
}
