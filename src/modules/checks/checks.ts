/**
 * The pre-publish checklist: every check run on the draft, blockers first,
 * then warnings; within each, in the order of CHECKS below and, for one
 * check, in the order found in the text (at most MAX_PER_CHECK of them, then
 * a count of the rest). See docs/pre-publish-checks.md.
 */
import { emptyBody } from './body.check.js';
import type { Check, CheckContext, CheckResult, DraftForChecks } from './checks.types.js';
import { dateDistance, relativeTime } from './dates.check.js';
import { headlineLength, missingDek, missingHeadline } from './fields.check.js';
import { imageAlt } from './images.check.js';
import { brokenLinks } from './links.check.js';
import { doubledWord, droppedName, placeholder } from './prose.check.js';
import { quoteAttribution } from './quotes.check.js';

export type { Check, CheckContext, CheckResult, DraftForChecks, Severity } from './checks.types.js';

/** Every check, by id, in the order their results are listed (within a severity). */
export const CHECKS: ReadonlyArray<{ id: string; run: Check }> = [
  { id: 'missing-headline', run: missingHeadline },
  { id: 'empty-body', run: emptyBody },
  { id: 'placeholder', run: placeholder },
  { id: 'image-alt', run: imageAlt },
  { id: 'broken-link', run: brokenLinks },
  { id: 'missing-dek', run: missingDek },
  { id: 'headline-length', run: headlineLength },
  { id: 'quote-attribution', run: quoteAttribution },
  { id: 'dropped-name', run: droppedName },
  { id: 'doubled-word', run: doubledWord },
  { id: 'relative-time', run: relativeTime },
  { id: 'date-distance', run: dateDistance },
];

/** At most this many results are listed per check; the rest are summed up in one more result. */
export const MAX_PER_CHECK = 20;

function capped(results: CheckResult[]): CheckResult[] {
  if (results.length <= MAX_PER_CHECK) return results;
  const rest = results.slice(MAX_PER_CHECK);
  const first = rest[0]!;
  return [
    ...results.slice(0, MAX_PER_CHECK),
    {
      id: first.id,
      severity: rest.some((r) => r.severity === 'blocker') ? 'blocker' : 'warning',
      message: `…and ${rest.length} more like these, not listed. Fix the ones above and run the checks again.`,
    },
  ];
}

/**
 * Runs every check. A check that fails with an error does not stop the others:
 * it is reported as a `check-failed` warning so the editor knows to look for
 * themselves.
 */
export async function runChecks(draft: DraftForChecks, ctx: CheckContext): Promise<CheckResult[]> {
  const groups = await Promise.all(
    CHECKS.map(async ({ id, run }): Promise<CheckResult[]> => {
      try {
        return capped(await run(draft, ctx));
      } catch {
        return [
          {
            id: 'check-failed',
            severity: 'warning',
            message: `The ${q(id)} check could not be run on this draft; review that part of the story yourself.`,
          },
        ];
      }
    }),
  );
  const all = groups.flat();
  return [...all.filter((r) => r.severity === 'blocker'), ...all.filter((r) => r.severity !== 'blocker')];
}

const q = (s: string): string => `\u201c${s}\u201d`;
