/**
 * The pre-publish checklist: every check run on the draft, blockers first,
 * then warnings, then notes; within each, in the order of CHECKS below and,
 * for one check, in the order found in the text (at most MAX_PER_CHECK of
 * them, then a count of the rest). See docs/pre-publish-checks.md.
 */
import { anniversary } from './anniversaries.check.js';
import { emptyBody } from './body.check.js';
import type { Check, CheckContext, CheckResult, DraftForChecks, Severity } from './checks.types.js';
import { dateDistance } from './dates.check.js';
import { droppedName } from './dropped-names.check.js';
import { headlineLength, missingDek, missingHeadline } from './fields.check.js';
import { featuredImageRepeated, imageAlt } from './images.check.js';
import { brokenLinks } from './links.check.js';
import { doubledWord, placeholder } from './prose.check.js';
import { quoteBalance } from './quote-balance.check.js';
import { quoteAttribution } from './quotes.check.js';
import { relativeTime } from './relative-time.check.js';
import { weekday } from './weekdays.check.js';

export type { Check, CheckContext, CheckResult, DraftForChecks, Severity } from './checks.types.js';

/** Every check, by id, in the order their results are listed (within a severity). */
export const CHECKS: ReadonlyArray<{ id: string; run: Check }> = [
  { id: 'missing-headline', run: missingHeadline },
  { id: 'empty-body', run: emptyBody },
  { id: 'placeholder', run: placeholder },
  { id: 'image-alt', run: imageAlt },
  { id: 'broken-link', run: brokenLinks },
  { id: 'featured-image-repeated', run: featuredImageRepeated },
  { id: 'missing-dek', run: missingDek },
  { id: 'headline-length', run: headlineLength },
  { id: 'quote-attribution', run: quoteAttribution },
  { id: 'quote-balance', run: quoteBalance },
  { id: 'dropped-name', run: droppedName },
  { id: 'doubled-word', run: doubledWord },
  { id: 'anniversary', run: anniversary },
  { id: 'weekday', run: weekday },
  { id: 'relative-time', run: relativeTime },
  { id: 'date-distance', run: dateDistance },
];

/** At most this many results are listed per check; the rest are summed up in one more result. */
export const MAX_PER_CHECK = 20;

/** The order severities are listed in. */
export const SEVERITIES: readonly Severity[] = ['blocker', 'warning', 'note'];

/** The gravest severity among results. */
const gravest = (results: readonly CheckResult[]): Severity => SEVERITIES.find((s) => results.some((r) => r.severity === s)) ?? 'note';

function capped(results: CheckResult[]): CheckResult[] {
  if (results.length <= MAX_PER_CHECK) return results;
  // Keep the gravest ones in the list.
  const ordered = SEVERITIES.flatMap((s) => results.filter((r) => r.severity === s));
  const rest = ordered.slice(MAX_PER_CHECK);
  return [
    ...ordered.slice(0, MAX_PER_CHECK),
    {
      id: rest[0]!.id,
      severity: gravest(rest),
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
  return SEVERITIES.flatMap((s) => all.filter((r) => r.severity === s));
}

const q = (s: string): string => `\u201c${s}\u201d`;
