import type { Db } from '../../../platform/db/database.js';
import * as repo from './classifier.repository.js';
import { mergeCounts, type Reason, scoreWith } from './model.js';
import { SEED_COUNTS } from './seed-words.js';
import { tokenize } from './tokenize.js';

/*
 * The comment spam classifier: naive Bayes over words and a few shape
 * features (see model.ts and tokenize.ts), starting from a built-in word list
 * (seed-words.ts) and learning from every moderator decision. Approving a
 * comment teaches "ham"; filing it as spam or rejecting it teaches "spam".
 */

export type SpamLabel = 'spam' | 'ham';

export interface SpamVerdict {
  /** Spam probability, 0–1. */
  score: number;
  /** Up to five features that moved the score most; weight > 0 toward spam. */
  reasons: Reason[];
}

export type Classifier = ReturnType<typeof createClassifier>;

const LABELS: readonly SpamLabel[] = ['spam', 'ham'];

export function createClassifier(db: Db) {
  return {
    /** Score a comment's text against the built-in list plus everything learnt so far. */
    async score(text: string, executor: Db = db): Promise<SpamVerdict> {
      const features = tokenize(text);
      const learnt = await repo.readCounts(executor, [repo.DOCUMENTS, ...features]);
      const documents = learnt.get(repo.DOCUMENTS) ?? { spam: 0, ham: 0 };
      learnt.delete(repo.DOCUMENTS);
      const counts = mergeCounts(SEED_COUNTS, { spamDocs: documents.spam, hamDocs: documents.ham, tokens: learnt });
      return scoreWith(counts, features);
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
