import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Actor } from '../../src/modules/articles/editorial.types.js';
import { cleanBody } from '../../src/modules/comments/comments.policy.js';
import { createSmtpMailer } from '../../src/platform/mailer.js';
import { type DemoServer, startDemoAndBrowser } from '../helpers/server.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.js';

/*
 * Hundreds of XSS payloads posted as comments through the site's own posting
 * path (POST /comments, as the page's script sends it) by signed-in readers,
 * and a few as guests' names, on a demo story; then every page of its thread
 * opened in Chromium: nothing may run, nothing may load from elsewhere, and
 * every payload reads as the text the site stored. Comments arriving on an
 * open page (live updates) and a comment put in place by the page's own form
 * are checked the same way.
 *
 * The site is set up so that its policy decides nothing about which payloads
 * are shown: moderation mode "none", no minimum time before sending a form,
 * links allowed, the per-reader and per-address comment limits raised, and
 * the classifier's effect lowered (spamHoldScore and spamRejectScore 1, so
 * only a score of exactly 1 is filed as spam). Should a payload still be
 * filed as spam (422), a moderator approves it from the spam queue, so it is
 * rendered all the same. What the site refuses outright (the same text twice
 * from one reader, text that is empty once invisible characters are removed,
 * too long) is counted and reported, and must be refused properly: a 4xx
 * with a message.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ARTICLE = 'central-library-renovation-pop-up-branches';
const FIXTURE = new URL('../fixtures/xss-payloads.txt', import.meta.url);
const FROM = 'The Meridian Ledger <news@example.org>';

/** One payload a line; the two characters `\n` inside a line stand for a newline. */
const PAYLOADS = fs
  .readFileSync(FIXTURE, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => line.replaceAll('\\n', '\n'));

/** Payloads given as guests' names: ones short enough to be a name (50 characters), spread over the list. */
const NAME_PAYLOADS = PAYLOADS.filter((p) => [...p.trim()].length <= 50 && !p.includes('\n'))
  .filter((_, i) => i % 17 === 0)
  .slice(0, 10);

/**
 * Readers who post the payloads. The site refuses the same text twice from
 * one reader, and it compares texts ignoring case and invisible characters,
 * so variants of one payload (<script> and <SCRIPT>) go to the next reader.
 */
const READERS = ['Payload Reader One', 'Payload Reader Two', 'Payload Reader Three'];

/**
 * POST /comments also has a flood limit per address (30 a minute), which the
 * site's settings do not change. The payloads are sent from several loopback
 * addresses, at most this many from each, as from several connections.
 */
const POSTS_PER_ADDRESS = 25;

/** Text as a reader sees it, for comparison: whitespace left out (paragraphs and line breaks become markup). */
const comparable = (s: string) => s.replace(/\s+/g, '');
/** Link text may be shortened and loses zero-width characters, so only link-free bodies are compared whole. */
const hasLink = (s: string) => /https?:\/\/|www\./i.test(s);

interface Answer {
  status: number;
  body: any;
}

/**
 * An HTTP client that keeps its cookies, as a browser does, and can speak
 * from a chosen loopback address (127.0.0.0/8 all reaches the server).
 */
class Visitor {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly base: string) {}

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  request(method: string, pathname: string, options: { json?: unknown; headers?: Record<string, string>; from?: string } = {}): Promise<Answer> {
    const url = new URL(pathname, this.base);
    const body = options.json === undefined ? undefined : Buffer.from(JSON.stringify(options.json));
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (body) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(body.length);
    }
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return new Promise((resolve, reject) => {
      const req = http.request({ host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method, headers, localAddress: options.from ?? '127.0.0.1' }, (res) => {
        for (const line of res.headers['set-cookie'] ?? []) {
          const [pair = ''] = line.split(';');
          const eq = pair.indexOf('=');
          const name = pair.slice(0, eq).trim();
          const value = pair.slice(eq + 1).trim();
          if (value === '' || /max-age=0\b|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
          else this.cookies.set(name, value);
        }
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : null;
          } catch {
            // Not JSON: kept as text for the failure message.
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  }
}

interface Stored {
  id: number;
  /** How it got there: posted, or filed as spam and approved by a moderator. */
  via: 'posted' | 'released';
}

interface Refusal {
  payload: number;
  status: number;
  code: string;
  message: string;
}

interface PageReport {
  scripts: number;
  handlers: string[];
  badHrefs: string[];
  targets: number;
  forbidden: string[];
  comments: { id: number; author: string; body: string }[];
}

/** What in the comments section of a page could run or load something, and every comment's author and text. */
function inspect(): PageReport {
  const comments = document.querySelector('#comments');
  if (!comments) throw new Error('no #comments');
  const all = [...comments.querySelectorAll('*')];
  const bodies = [...comments.querySelectorAll('.comment__body')];
  return {
    scripts: comments.querySelectorAll('script').length,
    handlers: all.flatMap((el) =>
      el
        .getAttributeNames()
        .filter((a) => a.toLowerCase().startsWith('on'))
        .map((a) => `<${el.localName} ${a}>`),
    ),
    badHrefs: [...comments.querySelectorAll('.comment__body a[href]')].map((a) => a.getAttribute('href') ?? '').filter((h) => !/^https?:\/\//.test(h)),
    targets: comments.querySelectorAll('.comment__body a[target]').length,
    forbidden: bodies.flatMap((b) => [...b.querySelectorAll('iframe, object, embed, svg, math, form, input, style, img, script, link, meta, base')].map((el) => el.localName)),
    comments: [...comments.querySelectorAll('li.comment')].map((li) => ({
      id: Number(li.getAttribute('data-comment-id')),
      author: li.querySelector(':scope > article .comment__author')?.textContent ?? '',
      body: li.querySelector(':scope > article .comment__body')?.textContent ?? '',
    })),
  };
}

/** What a report says is wrong, one line each. */
function findings(where: string, report: PageReport, xss: number, errors: string[]): string[] {
  const out: string[] = [];
  if (xss !== 0) out.push(`${where}: __xss = ${xss}`);
  if (report.scripts !== 0) out.push(`${where}: ${report.scripts} <script> in #comments`);
  for (const h of report.handlers) out.push(`${where}: event handler ${h}`);
  for (const h of report.badHrefs) out.push(`${where}: link to ${h}`);
  if (report.targets !== 0) out.push(`${where}: ${report.targets} links with a target`);
  for (const el of report.forbidden) out.push(`${where}: <${el}> in a comment body`);
  for (const e of errors) out.push(`${where}: ${e}`);
  return out;
}

describe('comments and guests’ names full of XSS payloads, posted as readers post them, in Chromium', () => {
  let server: DemoServer;
  let browser: Browser;
  let smtp: TestSmtpServer;
  let context: BrowserContext;
  let articleId: number;
  let articlePath: string;
  let pageCount: number;
  let moderator: Actor;
  const readers: Visitor[] = [];
  let guest: Visitor;
  /** Payload number (1-based) → the comment that holds it. */
  const stored = new Map<number, Stored>();
  /** Name payload number (1-based) → the guest's comment. */
  const named = new Map<number, number>();
  const refusals: Refusal[] = [];
  /** What the thread API says each comment is: the stored (cleaned) author name and text. */
  const api = new Map<number, { authorName: string; body: string }>();
  const offSite: string[] = [];
  let dialogs = 0;
  let sent = 0;

  /** The next loopback address to send from. */
  const nextAddress = () => `127.0.0.${2 + Math.floor(sent++ / POSTS_PER_ADDRESS)}`;

  /** This visitor's CSRF and form tokens, as the page's script gets them. */
  const tokensOf = async (v: Visitor) => {
    const res = await v.request('GET', '/comments/form-token');
    expect(res.status).toBe(200);
    return res.body as { csrf: string; formToken: string };
  };

  /** POST /comments with Accept: application/json, as client/comments.ts sends the form. */
  async function postComment(v: Visitor, fields: Record<string, string>): Promise<Answer> {
    const { csrf, formToken } = await tokensOf(v);
    return v.request('POST', '/comments', {
      json: { articleId: String(articleId), parentId: '', website: '', t: formToken, _csrf: csrf, ...fields },
      headers: { 'x-csrf-token': csrf },
      from: nextAddress(),
    });
  }

  /** A reader signed up through the API, their address confirmed with the emailed link. */
  async function signUpReader(n: number, displayName: string): Promise<Visitor> {
    const v = new Visitor(server.url);
    const email = `payload-reader-${n}@example.org`;
    const { body: session } = await v.request('GET', '/api/v1/session');
    const headers = { 'x-csrf-token': (session as { csrf: string }).csrf };
    const signedUp = await v.request('POST', '/api/v1/readers', { json: { email, displayName, password: 'letters in a long row' }, headers });
    expect(signedUp.status, JSON.stringify(signedUp.body)).toBe(202);
    await vi.waitFor(
      () => {
        if (smtp.to(email).length === 0) throw new Error(`no email has reached ${email}`);
      },
      { timeout: 10_000, interval: 50 },
    );
    const token = /\/account\/verify\/([A-Za-z0-9_-]{43})/.exec(smtp.to(email)[0]!.text)?.[1];
    if (!token) throw new Error(`no confirmation link in the email to ${email}`);
    const confirmed = await v.request('POST', '/api/v1/readers/links', { json: { token, purpose: 'verify' }, headers });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(confirmed.body.data).toMatchObject({ displayName, verified: true });
    return v;
  }

  /** Every comment of the thread as the read API gives it. */
  async function readThread(): Promise<void> {
    const anyone = new Visitor(server.url);
    for (let page = 1; ; page++) {
      const res = await anyone.request('GET', `/api/v1/articles/${ARTICLE}/comments?limit=100&page=${page}`);
      expect(res.status).toBe(200);
      for (const c of res.body.data as { id: number; authorName: string; body: string }[]) api.set(c.id, { authorName: c.authorName, body: c.body });
      if (page >= res.body.meta.pageCount) return;
    }
  }

  /** A browser profile in which the dialog functions count calls instead of opening, and requests elsewhere are noted. */
  async function trappedContext(): Promise<BrowserContext> {
    const ctx = await browser.newContext({ baseURL: server.url });
    await ctx.addInitScript(() => {
      (window as any).__xss = 0;
      for (const name of ['alert', 'confirm', 'prompt', 'print']) {
        (window as any)[name] = () => {
          (window as any).__xss++;
        };
      }
    });
    ctx.on('request', (req) => {
      if (!req.url().startsWith(`${server.url}/`)) offSite.push(req.url());
    });
    return ctx;
  }

  /** A page watched for dialogs, script errors and console errors (Content-Security-Policy violations among them). */
  async function watchedPage(errors: string[], ctx: BrowserContext = context): Promise<Page> {
    const page = await ctx.newPage();
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss().catch(() => {});
    });
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(`console error: ${msg.text()}`);
    });
    page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
    return page;
  }

  const threadPath = (n: number) => (n === 1 ? articlePath : `${articlePath}?comments=${n}`);
  const xssCount = (page: Page) => page.evaluate(() => (window as any).__xss as number);

  beforeAll(async () => {
    expect(PAYLOADS.length).toBeGreaterThanOrEqual(200);
    expect(NAME_PAYLOADS).toHaveLength(10);
    // The pages' scripts are built, not committed.
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'pipe' });
    smtp = await startSmtpServer();
    try {
      ({ server, browser } = await startDemoAndBrowser({ mailer: createSmtpMailer(smtp.url, FROM) }));
    } catch (err) {
      await smtp.close();
      throw err;
    }
    const { services } = server;
    await services.settings.update({
      moderationMode: 'none',
      guestComments: true,
      minSubmitSeconds: 0,
      maxLinks: 100,
      commentLimitPerIp: 10_000,
      commentLimitPerReader: 10_000,
      spamHoldScore: 1,
      spamRejectScore: 1,
    });
    const found = await services.articles.findPublic(ARTICLE);
    if (found?.kind !== 'article') throw new Error(`demo article ${ARTICLE} not found`);
    articleId = found.article.id;
    articlePath = await server.articlePath(ARTICLE);
    const account = await services.accounts.create({ email: 'moderator@example.org', name: 'Payload Moderator', role: 'moderator', password: 'a sturdy newsroom passphrase' });
    moderator = { accountId: account.id, role: 'moderator', authorId: null, name: account.name };

    for (const [i, name] of READERS.entries()) readers.push(await signUpReader(i + 1, name));

    for (const [i, body] of PAYLOADS.entries()) {
      let last: Answer | undefined;
      for (const reader of readers) {
        last = await postComment(reader, { body });
        // The same text from this reader: the next one tries.
        if (last.status !== 409) break;
      }
      const answer = last!;
      if (answer.status === 201) {
        expect(answer.body.status, `payload ${i + 1} was held: ${answer.body.heldReason}`).toBe('approved');
        stored.set(i + 1, { id: answer.body.id, via: 'posted' });
      } else {
        refusals.push({ payload: i + 1, status: answer.status, code: String(answer.body?.error?.code ?? ''), message: String(answer.body?.error?.message ?? '') });
      }
    }

    // Filed as spam all the same: stored, refused to the poster with a 422, released by a moderator.
    const filed = refusals.filter((r) => r.status === 422 && r.message.startsWith('Our spam filter stopped this comment'));
    if (filed.length > 0) {
      const { maxCommentLength } = await services.settings.get();
      const spam = await services.moderation.queue(moderator, { queue: 'spam', page: 1, perPage: 100, articleId });
      for (const r of filed) {
        const text = cleanBody(PAYLOADS[r.payload - 1], maxCommentLength);
        const row = spam.items.find((item) => item.author.kind === 'reader' && item.body === text);
        if (!row) continue;
        await services.moderation.act(moderator, row.id, 'approve');
        stored.set(r.payload, { id: row.id, via: 'released' });
        refusals.splice(refusals.indexOf(r), 1);
      }
    }
    const released = [...stored.values()].filter((s) => s.via === 'released').length;
    console.info(
      [
        `${PAYLOADS.length} payloads: ${stored.size} stored (${released} of them released from the spam queue), ${refusals.length} refused:`,
        ...refusals.map((r) => `  payload ${r.payload}: ${r.status} ${r.code}: ${r.message}`),
      ].join('\n'),
    );

    context = await trappedContext();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
    await smtp?.close();
  });

  it('stores at least 200 payloads, and refuses the others properly', () => {
    expect(stored.size).toBeGreaterThanOrEqual(200);
    for (const r of refusals) {
      expect(r.status, `payload ${r.payload}`).toBeGreaterThanOrEqual(400);
      expect(r.status, `payload ${r.payload}`).toBeLessThan(500);
      expect(r.message.trim(), `payload ${r.payload} was refused without a message`).not.toBe('');
      // Refusals of the request rather than of the text would mean the payload was never judged.
      expect(r.code, `payload ${r.payload}: ${r.message}`).not.toMatch(/^(csrf|rate_limited|automated)$/);
    }
  });

  it('shows guests’ names that are payloads as text, arriving live on an open page', async () => {
    const { commentsPerPage } = await server.services.settings.get();
    const before = await server.services.comments.thread(articleId, { page: 1, perPage: commentsPerPage });
    // The last page of the oldest-first thread is where new comments arrive while it is open.
    const errors: string[] = [];
    const page = await watchedPage(errors);
    const listening = page.waitForResponse((res) => new URL(res.url()).pathname === `/live/articles/${articleId}`);
    await page.goto(threadPath(before.pageCount));
    expect((await listening).status()).toBe(200);

    guest = new Visitor(server.url);
    for (const [i, name] of NAME_PAYLOADS.entries()) {
      const answer = await postComment(guest, { body: `Name payload ${i + 1}`, name, email: `guest${i + 1}@example.org` });
      expect(answer.status, `name payload ${i + 1}: ${JSON.stringify(answer.body)}`).toBe(201);
      expect(answer.body.status).toBe('approved');
      named.set(i + 1, answer.body.id);
    }
    await readThread();

    // New comments wait behind the "N new comments" button, so nothing moves under the reader; a click brings them in.
    const arrivals = page.locator('button.comments__arrivals-button');
    await expect.poll(async () => (await arrivals.textContent({ timeout: 10_000 }))?.trim(), { timeout: 10_000 }).toBe(`${NAME_PAYLOADS.length} new comments`);
    await arrivals.click();
    const lastId = named.get(NAME_PAYLOADS.length)!;
    await page.locator(`#comment-${lastId}`).waitFor({ timeout: 10_000 });
    const report = await page.evaluate(inspect);
    const failures = findings('the open page', report, await xssCount(page), errors);
    for (const [n, id] of named) {
      const shown = report.comments.find((c) => c.id === id);
      const expected = api.get(id);
      if (!shown || !expected) failures.push(`name payload ${n} did not arrive`);
      else if (shown.author !== expected.authorName) failures.push(`name payload ${n} reads ${JSON.stringify(shown.author)}, stored as ${JSON.stringify(expected.authorName)}`);
    }
    expect(failures).toEqual([]);
    await page.close();
  });

  it('runs nothing, loads nothing from elsewhere, and shows every payload as the text stored, on every page of the thread', async () => {
    const { commentsPerPage } = await server.services.settings.get();
    pageCount = (await server.services.comments.thread(articleId, { page: 1, perPage: commentsPerPage })).pageCount;
    expect(pageCount).toBeGreaterThan(1);
    await readThread();
    const failures: string[] = [];
    const seen = new Map<number, { author: string; body: string }>();

    for (let n = 1; n <= pageCount; n++) {
      const errors: string[] = [];
      const page = await watchedPage(errors);
      const response = await page.goto(threadPath(n), { waitUntil: 'load' });
      expect(response?.status(), `page ${n}`).toBe(200);
      // Down to the end, so anything lazy would load (and fail, and fire its handlers) too.
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await page.waitForFunction(() => [...document.images].every((img) => img.complete));
      const report = await page.evaluate(inspect);
      failures.push(...findings(`page ${n}`, report, await xssCount(page), errors));
      for (const c of report.comments) seen.set(c.id, { author: c.author, body: c.body });
      await page.close();
    }

    if (dialogs !== 0) failures.push(`${dialogs} dialogs opened`);
    for (const url of offSite) failures.push(`off-site request: ${url}`);

    // Every stored payload is on some page, as the text the site stored.
    for (const [n, { id }] of stored) {
      const shown = seen.get(id);
      const expected = api.get(id);
      if (!expected) failures.push(`payload ${n} (comment ${id}) is not in the thread API`);
      else if (!shown) failures.push(`payload ${n} (comment ${id}) is on no page`);
      else if (!hasLink(expected.body) && comparable(shown.body) !== comparable(expected.body))
        failures.push(`payload ${n} reads ${JSON.stringify(shown.body)}, stored as ${JSON.stringify(expected.body)}`);
      else if (hasLink(expected.body) && comparable(shown.body) === '') failures.push(`payload ${n} shows no text`);
    }
    for (const [n, id] of named) {
      const shown = seen.get(id);
      if (!shown) failures.push(`name payload ${n} is on no page`);
      else if (shown.author !== api.get(id)?.authorName) failures.push(`name payload ${n} reads ${JSON.stringify(shown.author)}`);
    }
    expect(failures).toEqual([]);
  });

  it('shows the first payload as visible text', async () => {
    const first = PAYLOADS[0]!;
    expect(first).toBe('<script>alert(1)</script>');
    const id = stored.get(1)?.id;
    expect(id).toBeDefined();
    const page = await context.newPage();
    // The permalink leads to the page of the thread that holds it.
    await page.goto(`/comments/${id}`);
    const body = page.locator(`li#comment-${id} > article .comment__body`);
    expect(await body.textContent()).toBe(first);
    expect(await body.isVisible()).toBe(true);
    expect(await xssCount(page)).toBe(0);
    await page.close();
  });

  it('puts payloads sent with the page’s own form in place as text', async () => {
    // The first reader, in a browser of their own signed in with the same session.
    const session = readers[0]!.cookie('bs_reader');
    expect(session).toBeDefined();
    const own = await trappedContext();
    await own.addCookies([{ name: 'bs_reader', value: session!, url: server.url, httpOnly: true, sameSite: 'Lax' }]);
    const picks = [PAYLOADS[0]!, PAYLOADS.find((p) => p.startsWith('<img'))!, PAYLOADS.find((p) => p.startsWith('<svg'))!];
    const errors: string[] = [];
    const page = await watchedPage(errors, own);
    await page.goto(articlePath);
    const failures: string[] = [];
    for (const [i, payload] of picks.entries()) {
      // Told apart from what the reader already posted, which the site would refuse as a repeat.
      const text = `${payload}\n\nSent from the page, ${i + 1}.`;
      await page.locator('form#respond').getByLabel('Your comment').fill(text);
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/comments'),
        page.locator('form#respond').getByRole('button', { name: 'Post comment' }).click(),
      ]);
      expect(res.status(), await res.text()).toBe(201);
      const { id } = (await res.json()) as { id: number };
      const li = page.locator(`li#comment-${id}`);
      await li.waitFor();
      const shown = await li.locator(':scope > article .comment__body').textContent();
      if (comparable(shown ?? '') !== comparable(text)) failures.push(`form payload ${i + 1} reads ${JSON.stringify(shown)}`);
    }
    failures.push(...findings('the page after posting', await page.evaluate(inspect), await xssCount(page), errors));
    if (dialogs !== 0) failures.push(`${dialogs} dialogs opened`);
    for (const url of offSite) failures.push(`off-site request: ${url}`);
    expect(failures).toEqual([]);
    await own.close();
  });
});
