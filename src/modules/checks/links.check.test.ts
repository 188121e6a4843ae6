import { describe, expect, it } from 'vitest';
import type { CheckContext } from './checks.types.js';
import { testDraft } from './checks.test-support.js';
import { brokenLinks } from './links.check.js';

const draft = (body: string) => testDraft(body);

/** A resolver answering from a table (default true), recording each call. */
function resolver(answers: Record<string, boolean | 'unknown' | Error> = {}) {
  const calls: string[] = [];
  const linkResolves = async (url: string): Promise<boolean | 'unknown'> => {
    calls.push(url);
    const a = answers[url] ?? true;
    if (a instanceof Error) throw a;
    return a;
  };
  return { calls, ctx: { now: new Date('2024-03-29T14:00:00Z'), linkResolves } satisfies CheckContext };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('broken-link', () => {
  it('is a blocker for an internal link that does not resolve, a warning for an external one', async () => {
    const body = 'Read [our earlier story](/2023/10/pier-vote) and [the Gazette’s report](https://example.org/pier).';
    const { ctx } = resolver({ '/2023/10/pier-vote': false, 'https://example.org/pier': false });
    const results = await brokenLinks(draft(body), ctx);
    expect(results).toEqual([
      {
        id: 'broken-link',
        severity: 'blocker',
        message: expect.stringContaining("The link “our earlier story” to /2023/10/pier-vote doesn't lead to a page on this site"),
        excerpt: 'our earlier story',
      },
      {
        id: 'broken-link',
        severity: 'warning',
        message: expect.stringContaining("The link “the Gazette’s report” to https://example.org/pier doesn't seem to work"),
        excerpt: 'the Gazette’s report',
      },
    ]);
  });

  it("is silent for links that resolve, that the resolver can't decide, or that make it throw", async () => {
    const body = '[a](/section/news) [b](https://example.org/slow) [c](https://example.org/error)';
    const { ctx, calls } = resolver({ 'https://example.org/slow': 'unknown', 'https://example.org/error': new Error('timeout') });
    expect(await brokenLinks(draft(body), ctx)).toEqual([]);
    expect(calls).toHaveLength(3);
  });

  it('is silent without a resolver', async () => {
    expect(await brokenLinks(draft('[a](/nowhere)'), { now: new Date() })).toEqual([]);
  });

  it('checks each address once, fragments aside, and says how often it is linked', async () => {
    const body = '[one](/2024/03/x) and [two](/2024/03/x#comments), [three](/2024/03/x) and [four](https://example.org/a#b).';
    const { ctx, calls } = resolver({ '/2024/03/x': false });
    const results = await brokenLinks(draft(body), ctx);
    expect(calls).toEqual(['/2024/03/x', 'https://example.org/a']);
    expect(results).toHaveLength(1);
    expect(results[0]?.message).toContain('The link “one” to /2024/03/x (and 2 more links to the same address)');
  });

  it('keeps at most 5 calls in flight', async () => {
    const body = Array.from({ length: 23 }, (_, i) => `[link ${i}](https://example.org/${i})`).join('\n');
    let inFlight = 0;
    let maxInFlight = 0;
    const linkResolves = async (url: string) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await sleep(url.endsWith('3') ? 15 : 3);
      inFlight--;
      return !url.endsWith('7');
    };
    const results = await brokenLinks(draft(body), { now: new Date(), linkResolves });
    expect(maxInFlight).toBe(5);
    expect(inFlight).toBe(0);
    expect(results.map((r) => r.excerpt)).toEqual(['link 7', 'link 17']);
  });

  it('checks at most 50 distinct addresses, the first ones in the body', async () => {
    const body = Array.from({ length: 60 }, (_, i) => `[p${i}](/p/${i})`).join(' ');
    const { ctx, calls } = resolver();
    await brokenLinks(draft(body), ctx);
    expect(calls).toHaveLength(50);
    expect(calls[0]).toBe('/p/0');
    expect(calls[49]).toBe('/p/49');
  });

  it('reports in body order whatever order the answers come in', async () => {
    const body = '[slow](https://example.org/slow) [fast](/fast)';
    const linkResolves = async (url: string) => {
      await sleep(url.includes('slow') ? 20 : 1);
      return false;
    };
    const results = await brokenLinks(draft(body), { now: new Date(), linkResolves });
    expect(results.map((r) => r.excerpt)).toEqual(['slow', 'fast']);
  });

  it('checks autolinks, addresses typed in the text and protocol-relative links', async () => {
    const body = 'See <https://example.org/a>, www.example.com and [c](//cdn.example.org/c).';
    const { ctx, calls } = resolver({ 'https://example.org/a': false });
    const results = await brokenLinks(draft(body), ctx);
    expect(calls).toEqual(['https://example.org/a', 'http://www.example.com', 'https://cdn.example.org/c']);
    expect(results[0]).toMatchObject({ severity: 'warning', excerpt: 'https://example.org/a' });
    expect(results[0]?.message).toMatch(/^The link to https:\/\/example\.org\/a doesn't seem to work/);
  });

  it('does not check anchors, mail and phone links, other schemes, relative paths or code', async () => {
    const body = [
      '[top](#top) [mail](mailto:desk@example.org) [call](tel:+15551234) [x](javascript:alert(1)) [rel](pier-vote)',
      'Write `[link](/not/checked)` or:',
      '```\n[link](https://example.org/not-checked)\n```',
    ].join('\n\n');
    const { ctx, calls } = resolver();
    expect(await brokenLinks(draft(body), ctx)).toEqual([]);
    expect(calls).toEqual([]);
  });
});
