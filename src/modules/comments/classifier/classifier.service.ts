import type { Db } from '../../../platform/db/database.js';
import * as repo from './classifier.repository.js';
import { calibrate, MIN_DECISIONS_EACH, trusted } from './calibration.js';
import { type Calibration, type Counts, mergeCounts, type Reason, scoreWith } from './model.js';
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
 */

/** How many of the newest stored decisions the calibration is fitted to. */
export const CALIBRATION_DECISIONS = 2000;
/** Refit after this share of new decisions (every decision while there are few), or after REFIT_AFTER_MS. */
const REFIT_SHARE = 0.02;
const FEW_DECISIONS = 500;
const REFIT_AFTER_MS = 10 * 60_000;

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

export function createClassifier(db: Db) {
  let fitted: { spamDocs: number; hamDocs: number; at: number; calibration: Calibration } | null = null;

  /** The calibration for the current totals: refitted when enough has been learnt since the last fit. */
  async function calibrationFor(documents: { spam: number; ham: number }, executor: Db): Promise<Calibration> {
    const total = documents.spam + documents.ham;
    if (fitted) {
      const changed = Math.abs(documents.spam - fitted.spamDocs) + Math.abs(documents.ham - fitted.hamDocs);
      const fresh = Date.now() - fitted.at < REFIT_AFTER_MS;
      if (changed === 0 || (fresh && total >= FEW_DECISIONS && changed < total * REFIT_SHARE)) return fitted.calibration;
    }
    const stored = (await repo.readDecisions(executor, CALIBRATION_DECISIONS)).map((d) => ({ features: tokenize(d.body), label: d.label }));
    const learnt = await repo.readCounts(
      executor,
      stored.flatMap((d) => d.features),
    );
    const counts: Counts = { spamDocs: documents.spam, hamDocs: documents.ham, tokens: learnt };
    const calibration = calibrate(SEED_COUNTS, counts, stored);
    fitted = { spamDocs: documents.spam, hamDocs: documents.ham, at: Date.now(), calibration };
    return calibration;
  }

  return {
    /** Score a comment's text against the built-in list plus everything learnt so far. */
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
