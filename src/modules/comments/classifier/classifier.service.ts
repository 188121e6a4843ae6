import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Clock } from '../../../platform/clock.js';
import type { Db } from '../../../platform/db/database.js';
import * as repo from './classifier.repository.js';
import { type Decision, fitPlatt, heldOutPoint, MIN_DECISIONS_EACH, trusted } from './calibration.js';
import { type Calibration, COLD_START, mergeCounts, type Reason, scoreWith } from './model.js';
import { SEED_COUNTS } from './seed-words.js';
import { tokenize } from './tokenize.js';

/*
 * The comment spam classifier: naive Bayes over words and a few shape
 * features (see model.ts and tokenize.ts), starting from a built-in word list
 * (seed-words.ts) and learning from every moderator decision. Approving a
 * comment teaches "ham"; filing it as spam or rejecting it teaches "spam".
 *
 * The score is calibrated on the site's own stored decisions (calibration.ts),
 * refitted as they accumulate, and holds comments only once the classifier
 * is trusted: MIN_DECISIONS_EACH decisions of each kind learnt.
 *
 * Refitting reads up to CALIBRATION_DECISIONS stored comments and scores each
 * one (about 0.1 s of work for 2,000), so it never runs on a comment's way in:
 * scoring uses the last fit and, when enough has been learnt since, starts a
 * refit in the background, in slices that let other requests run between
 * them. Only a process's very first fit is waited for, as it has no other.
 */

/** How many of the newest stored decisions the calibration is fitted to. */
export const CALIBRATION_DECISIONS = 2000;
/** Refit after this share of new decisions (every decision while there are few), or after REFIT_AFTER_MS. */
const REFIT_SHARE = 0.02;
const FEW_DECISIONS = 500;
const REFIT_AFTER_MS = 10 * 60_000;
/** Decisions tokenised or scored between two turns of the event loop while refitting. */
const REFIT_SLICE = 100;

export type SpamLabel = 'spam' | 'ham';

export interface SpamVerdict {
  /** Spam probability, 0–1. */
  score: number;
  /** Up to five features that moved the score most; weight > 0 toward spam. */
  reasons: Reason[];
  /** Whether the classifier has learnt enough for its score to hold comments. */
  trusted: boolean;
}

export interface ClassifierStatus {
  spamDocs: number;
  hamDocs: number;
  /** Decisions of each kind needed before the score holds comments. */
  minDecisionsEach: number;
  trusted: boolean;
}

export type Classifier = ReturnType<typeof createClassifier>;

const LABELS: readonly SpamLabel[] = ['spam', 'ham'];

export function createClassifier(db: Db, clock: Clock) {
  let fitted: { spamDocs: number; hamDocs: number; at: number; calibration: Calibration } | null = null;
  let refitting: Promise<Calibration> | null = null;

  /** Fit the curve to the newest stored decisions, a slice at a time. */
  async function refit(executor: Db): Promise<Calibration> {
    const started = clock.now().getTime();
    const documents = (await repo.readCounts(executor, [repo.DOCUMENTS])).get(repo.DOCUMENTS) ?? { spam: 0, ham: 0 };
    const rows = await repo.readDecisions(executor, CALIBRATION_DECISIONS);
    const stored: Decision[] = [];
    for (let i = 0; i < rows.length; i += REFIT_SLICE) {
      for (const d of rows.slice(i, i + REFIT_SLICE)) stored.push({ features: tokenize(d.body), label: d.label });
      await nextTurn();
    }
    const learnt = await repo.readCounts(
      executor,
      stored.flatMap((d) => d.features),
    );
    const counts = mergeCounts(SEED_COUNTS, { spamDocs: documents.spam, hamDocs: documents.ham, tokens: learnt });
    const points: { evidence: number; spam: boolean }[] = [];
    for (let i = 0; i < stored.length; i += REFIT_SLICE) {
      for (const d of stored.slice(i, i + REFIT_SLICE)) points.push(heldOutPoint(counts, d));
      await nextTurn();
    }
    const calibration = fitPlatt(points);
    fitted = { spamDocs: documents.spam, hamDocs: documents.ham, at: started, calibration };
    return calibration;
  }

  /** One refit at a time; a failed one leaves the last fit in place. */
  function startRefit(): Promise<Calibration> {
    refitting ??= refit(db).finally(() => {
      refitting = null;
    });
    return refitting;
  }

  /**
   * The calibration to score with now, given the learnt totals the score just
   * read through `executor`. Inside a transaction the first fit reads through
   * it, on its own, so a score on SQLite's one connection never waits on itself.
   */
  async function calibrationFor(documents: { spam: number; ham: number }, executor: Db): Promise<Calibration> {
    // Nothing of one kind learnt: there is no curve to fit.
    if (documents.spam === 0 || documents.ham === 0) return COLD_START;
    if (!fitted) return executor === db ? startRefit() : refit(executor);
    const total = documents.spam + documents.ham;
    const changed = Math.abs(documents.spam - fitted.spamDocs) + Math.abs(documents.ham - fitted.hamDocs);
    const old = clock.now().getTime() - fitted.at >= REFIT_AFTER_MS;
    if (changed > 0 && (old || total < FEW_DECISIONS || changed >= total * REFIT_SHARE)) {
      startRefit().catch(() => {
        // Scoring goes on with the last fit; the next comment scored tries again.
      });
    }
    return fitted.calibration;
  }

  return {
    /**
     * Score a comment's text against the built-in list plus everything learnt
     * so far. `executor` reads the counts (a transaction sees its own
     * decisions); the calibration is the process's last fit.
     */
    async score(text: string, executor: Db = db): Promise<SpamVerdict> {
      const features = tokenize(text);
      const learnt = await repo.readCounts(executor, [repo.DOCUMENTS, ...features]);
      const documents = learnt.get(repo.DOCUMENTS) ?? { spam: 0, ham: 0 };
      learnt.delete(repo.DOCUMENTS);
      const counts = mergeCounts(SEED_COUNTS, { spamDocs: documents.spam, hamDocs: documents.ham, tokens: learnt });
      const { score, reasons } = scoreWith(counts, features, await calibrationFor(documents, executor));
      return { score, reasons, trusted: trusted(documents.spam, documents.ham) };
    },

    /**
     * Learn from one moderator decision. When the same comment was learnt
     * before as `previous`, that is unlearnt first, so changing one's mind does
     * not double count. No-op when label === previous. Pass the text as it was
     * when it was learnt, so unlearning removes the same words.
     */
    async learn(text: string, label: SpamLabel, previous: SpamLabel | null = null, executor: Db = db): Promise<void> {
      if (!LABELS.includes(label)) throw new TypeError(`classifier label must be 'spam' or 'ham', not ${String(label)}`);
      if (previous !== null && !LABELS.includes(previous)) throw new TypeError(`previous classifier label must be 'spam', 'ham' or null, not ${String(previous)}`);
      if (label === previous) return;
      // Learning and unlearning in one statement keeps a change of mind atomic.
      const delta = {
        spam: (label === 'spam' ? 1 : 0) - (previous === 'spam' ? 1 : 0),
        ham: (label === 'ham' ? 1 : 0) - (previous === 'ham' ? 1 : 0),
      };
      await repo.adjust(executor, [repo.DOCUMENTS, ...tokenize(text)], delta);
    },

    /**
     * Forget one decision learnt from `text`: its author changed the text, so
     * the decision no longer stands for these words.
     */
    async forget(text: string, label: SpamLabel, executor: Db = db): Promise<void> {
      if (!LABELS.includes(label)) throw new TypeError(`classifier label must be 'spam' or 'ham', not ${String(label)}`);
      await repo.adjust(executor, [repo.DOCUMENTS, ...tokenize(text)], { spam: label === 'spam' ? -1 : 0, ham: label === 'ham' ? -1 : 0 });
    },

    /** How much has been learnt, and whether the score holds comments yet. */
    async status(): Promise<ClassifierStatus> {
      const documents = (await repo.readCounts(db, [repo.DOCUMENTS])).get(repo.DOCUMENTS) ?? { spam: 0, ham: 0 };
      return { spamDocs: documents.spam, hamDocs: documents.ham, minDecisionsEach: MIN_DECISIONS_EACH, trusted: trusted(documents.spam, documents.ham) };
    },

    /** What has been learnt: decisions of each kind and distinct features seen. */
    async stats(): Promise<{ spamDocs: number; hamDocs: number; tokens: number }> {
      const documents = (await repo.readCounts(db, [repo.DOCUMENTS])).get(repo.DOCUMENTS) ?? { spam: 0, ham: 0 };
      return { spamDocs: documents.spam, hamDocs: documents.ham, tokens: await repo.countTokens(db) };
    },
  };
}

/** Readable explanation, e.g. 'Words that raised the score: "casino", "(link)". Words that lowered it: "council".' */
export function explainVerdict(v: SpamVerdict): string {
  const list = (reasons: Reason[]) => reasons.map((r) => `"${r.token}"`).join(', ');
  const raised = v.reasons.filter((r) => r.weight > 0);
  const lowered = v.reasons.filter((r) => r.weight < 0);
  const parts: string[] = [];
  if (raised.length) parts.push(`Words that raised the score: ${list(raised)}.`);
  if (lowered.length) parts.push(`Words that lowered it: ${list(lowered)}.`);
  return parts.length ? parts.join(' ') : 'No word moved the score much.';
}
