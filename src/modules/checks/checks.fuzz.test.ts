import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hostileText } from '../../../test/helpers/html-safety.js';
import { CHECKS, MAX_PER_CHECK, runChecks, SEVERITIES } from './checks.js';
import type { CheckContext, CheckResult, DraftForChecks } from './checks.types.js';

/*
 * Property tests: every check answers on any draft an editor could save
 * (whatever its text, dates and time zone), each on its own (runChecks would
 * hide a failure as a "check-failed" warning), and the checklist has the
 * shape docs/pre-publish-checks.md describes. The seed changes from run to
 * run; a failure prints it and the smallest draft.
 */

/** Words the checks look for: dates, weekdays, times, ages, quotes, attributions, names, links, images, numbers. */
const newsWord = fc.constantFrom(
  'Monday',
  'Tuesday',
  'on Friday',
  'last Sunday',
  'yesterday',
  'tomorrow',
  'today',
  'tonight',
  'this week',
  'next month',
  'ago',
  'years ago',
  '10 years ago',
  'March 29',
  'March 32',
  'Feb. 29, 2023',
  'Feb. 29, 2024',
  'Dec. 31, 9999',
  'Jan. 1, 0001',
  'in 1998',
  'since 2019',
  '100th anniversary',
  '25 years since',
  'on the 31st',
  '2024-02-30',
  '12/31/2024',
  '10 a.m.',
  '25:61 p.m.',
  'noon',
  '$4.50',
  '41,000',
  '1e308',
  '99999999999999999999',
  '7–2',
  '—',
  '– ',
  '"',
  '\u201c',
  '\u201d',
  "'",
  '\u2018',
  '\u2019',
  '«',
  '»',
  'said',
  'says',
  'according to',
  '> ',
  '> — ',
  '— Mayor Ana Ruiz',
  'Ana Ruiz',
  'Ruiz',
  'Mr. Ruiz',
  'TK',
  'TKTK',
  'XX',
  'lorem ipsum',
  'the the',
  '[link](/2024/01/01/x)',
  '[link](https://example.com/x#y)',
  '[](http://)',
  '![](/media/x.jpg)',
  '![alt](javascript:x)',
  '# ',
  '\n',
  '\n\n',
  ' ',
  '.',
  '?',
  '!',
  '…',
);

const text = (maxLength: number) =>
  fc.oneof(
    fc.string({ maxLength }),
    hostileText,
    fc.array(fc.oneof(newsWord, fc.string({ maxLength: 6 })), { maxLength }).map((w) => w.join(' ')),
  );

const TIMEZONES = ['UTC', 'America/Chicago', 'Europe/Kyiv', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'America/St_Johns'];

const draftArbitrary: fc.Arbitrary<DraftForChecks> = fc.record({
  headline: text(30),
  dek: text(30),
  excerpt: text(30),
  body: fc.oneof(
    text(200),
    fc.array(text(40), { maxLength: 8 }).map((ps) => ps.join('\n\n')),
  ),
  publishedAt: fc.option(
    fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString()),
    { nil: null },
  ),
  featuredImage: fc.option(fc.record({ alt: text(10) }), { nil: null }),
  siteTimezone: fc.constantFrom(...TIMEZONES),
});

const resolves = fc.constantFrom<CheckContext['linkResolves']>(
  undefined,
  async () => true,
  async () => false,
  async () => 'unknown',
);

function expectShape(results: readonly CheckResult[]): void {
  for (const r of results) {
    expect(Object.keys(r).every((k) => ['id', 'severity', 'message', 'excerpt'].includes(k))).toBe(true);
    expect(typeof r.id).toBe('string');
    expect(SEVERITIES).toContain(r.severity);
    expect(r.message.trim()).not.toBe('');
    if (r.excerpt !== undefined) expect(typeof r.excerpt).toBe('string');
  }
}

/** Generous: a busy machine runs these several times slower than an idle one. */
const TIMEOUT = 30_000;

describe('pre-publish checks on arbitrary drafts', () => {
  it(
    'every check answers on its own, with results of the documented shape',
    async () => {
      await fc.assert(
        fc.asyncProperty(draftArbitrary, fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }), resolves, async (draft, now, linkResolves) => {
          const ctx: CheckContext = { now, ...(linkResolves ? { linkResolves } : {}) };
          for (const { id, run } of CHECKS) {
            let results: CheckResult[];
            try {
              results = await run(draft, ctx);
            } catch (err) {
              throw new Error(`the ${id} check failed: ${(err as Error).stack}`, { cause: err });
            }
            expectShape(results);
          }
        }),
        { numRuns: 250 },
      );
    },
    TIMEOUT,
  );

  it(
    'runChecks lists blockers, then warnings, then notes, at most MAX_PER_CHECK + 1 per check, and no check fails',
    async () => {
      await fc.assert(
        fc.asyncProperty(draftArbitrary, async (draft) => {
          const results = await runChecks(draft, { now: new Date('2024-03-07T12:00:00Z'), linkResolves: async () => false });
          expectShape(results);
          expect(results.filter((r) => r.id === 'check-failed')).toEqual([]);
          const order = results.map((r) => SEVERITIES.indexOf(r.severity));
          expect(order).toEqual([...order].sort((a, b) => a - b));
          const perCheck = new Map<string, number>();
          for (const r of results) perCheck.set(r.id, (perCheck.get(r.id) ?? 0) + 1);
          for (const n of perCheck.values()) expect(n).toBeLessThanOrEqual(MAX_PER_CHECK + 1);
        }),
        { numRuns: 150 },
      );
    },
    TIMEOUT,
  );
});
