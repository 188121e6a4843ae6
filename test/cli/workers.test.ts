import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/platform/clock.js';
import { openDatabase } from '../../src/platform/db/database.js';
import { createServices } from '../../src/services.js';
import { assertBuilt, BIN, broadsheet, cleanEnv, freePort, ROOT } from '../helpers/cli.js';

/*
 * `broadsheet serve --workers 3` on one SQLite file, run as an operator runs
 * it. Requests go through node:http without keep-alive, so each is a new
 * connection and the cluster hands them round the workers.
 */

assertBuilt();

const ADMIN = { email: 'admin@example.org', password: 'correct horse battery staple' };

interface Answer {
  status: number;
  body: string;
  cookies: string[];
  location: string | undefined;
}

let dir: string;
let port: number;
let child: ChildProcess;
let output = '';
let token: string;
const env = () => ({ DATA_DIR: dir, TRUST_PROXY: 'true', LOG_LEVEL: 'warn' });

function request(method: string, url: string, { headers = {}, body, timeoutMs = 30_000 }: { headers?: Record<string, string>; body?: string; timeoutMs?: number } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: url, method, agent: false, headers: { ...headers, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, cookies: res.headers['set-cookie'] ?? [], location: res.headers.location }));
      },
    );
    req.on('error', reject);
    // A request left unanswered is a failure to report, not a test that hangs.
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${url}: no answer within ${timeoutMs} ms`)));
    req.end(body);
  });
}

const json = (method: string, url: string, payload: unknown, headers: Record<string, string> = {}) =>
  request(method, url, { headers: { 'content-type': 'application/json', accept: 'application/json', ...headers }, body: JSON.stringify(payload) });
const api = (method: string, url: string, payload?: unknown) =>
  payload === undefined ? request(method, url, { headers: { authorization: `Bearer ${token}` } }) : json(method, url, payload, { authorization: `Bearer ${token}` });
const cookieHeader = (cookies: string[]) => cookies.map((c) => c.split(';')[0]).join('; ');
const address = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The running workers' process ids (the primary's children). */
function workerPids(): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(child.pid)], { encoding: 'utf8' })
      .split('\n')
      .map((l) => Number(l.trim()))
      .filter((n) => n > 0);
  } catch {
    return [];
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, ms = 60_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}; output so far:\n${output}`);
    await sleep(100);
  }
}

/** Run `count` tasks, at most `width` at once; every answer, in order. */
async function inParallel<T>(count: number, width: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) {
        const i = next++;
        out[i] = await task(i);
      }
    }),
  );
  return out;
}

/** Keep calling `task` from `width` loops until `ms` have passed; every result. */
async function during<T>(ms: number, width: number, task: (loop: number, n: number) => Promise<T>): Promise<T[]> {
  const until = Date.now() + ms;
  const out: T[] = [];
  await Promise.all(
    Array.from({ length: width }, async (_, loop) => {
      for (let n = 0; Date.now() < until; n++) out.push(await task(loop, n));
    }),
  );
  return out;
}

interface Story {
  id: number;
  slug: string;
  url: string;
  path: string;
}

async function publishedArticles(): Promise<Story[]> {
  const res = await api('GET', '/api/v1/newsroom/articles?status=published&limit=50');
  expect(res.status).toBe(200);
  const data = (JSON.parse(res.body) as { data: Omit<Story, 'path'>[] }).data;
  return data.map((a) => ({ ...a, path: new URL(a.url).pathname }));
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-workers-'));
  expect((await broadsheet(['seed-demo'], env())).code).toBe(0);
  // Reports keep landing on the same few comments: none may be held for them (then the next report would find nothing).
  const set = await broadsheet(['settings', 'set', 'guestComments=true', 'moderationMode=none', 'reportsToHold=100'], env());
  expect(set.code, set.stderr).toBe(0);
  // An admin to sign in with, and an editor's API token, made as the tokens module makes them.
  const database = await openDatabase({ dialect: 'sqlite', url: path.join(dir, 'broadsheet.db') });
  try {
    const services = createServices(database.db, systemClock);
    const admin = await services.accounts.create({ email: ADMIN.email, name: 'Ada Admin', role: 'admin', password: ADMIN.password });
    token = (await services.tokens.create({ accountId: admin.id, role: 'admin', authorId: null, name: admin.name }, { name: 'load test', role: 'editor' })).token;
  } finally {
    await database.destroy();
  }

  port = await freePort();
  // What is measured here is every write and limit holding across workers, not shedding (load-shedding.test.ts):
  // a busy test machine's pauses must not turn requests away with 503.
  child = spawn(process.execPath, [BIN, 'serve', '--workers', '3'], {
    cwd: ROOT,
    env: cleanEnv({ ...env(), PORT: String(port), HOST: '127.0.0.1', SHED_MAX_EVENT_LOOP_DELAY_MS: '0' }),
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  await waitFor(
    '"is serving"',
    () => output.includes('is serving') || ((child.exitCode !== null || child.signalCode !== null) && Promise.reject(new Error(`serve exited (${child.exitCode ?? child.signalCode}): ${output}`))),
  );
}, 120_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const closed = new Promise((r) => child.once('close', r));
    child.kill('SIGTERM');
    await closed;
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('broadsheet serve --workers 3 on one SQLite file', () => {
  it('serves from three worker processes sharing the port, and says so once all listen', () => {
    expect(output.match(/is serving/g)).toHaveLength(1);
    expect(output).toContain(`(listening on http://127.0.0.1:${port}) with 3 workers`);
    expect(workerPids()).toHaveLength(3);
  });

  it('holds a rate limit across the workers: 150 searches from one address, exactly 120 answered', async () => {
    const answers = await inParallel(150, 15, () => request('GET', '/api/v1/search?q=harbour', { headers: { 'x-forwarded-for': '203.0.113.9' } }));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(120);
    expect(statuses.filter((s) => s === 429)).toHaveLength(30);
  });

  it('takes a mixed write load from many clients with zero failed writes', async () => {
    const articles = await publishedArticles();
    // Comments to report: those of a story with a thread of some length.
    let target: Story | undefined;
    let reportable: number[] = [];
    for (const a of articles) {
      const thread = JSON.parse((await request('GET', `/api/v1/articles/${a.slug}/comments?limit=100`)).body) as { data?: { id: number }[] };
      reportable = (thread.data ?? []).map((c) => c.id);
      target = a;
      if (reportable.length >= 10) break;
    }
    expect(reportable.length).toBeGreaterThanOrEqual(10);
    const saved = articles.filter((a) => a !== target).slice(0, 3);
    // The tokens a reader's page fetches: the CSRF cookie and header, and the form's timing token.
    const tokens = await request('GET', '/comments/form-token');
    const { csrf, formToken } = JSON.parse(tokens.body) as { csrf: string; formToken: string };
    const readerHeaders = { cookie: cookieHeader(tokens.cookies), 'x-csrf-token': csrf };
    await sleep(3_500); // the form refuses a post sent sooner than the site's minimum time

    let seq = 0;
    let reportSeq = 0;
    const acknowledged: string[] = [];
    const failures: string[] = [];
    const versions = new Map<number, number>();
    for (const a of saved) versions.set(a.id, (JSON.parse((await api('GET', `/api/v1/newsroom/articles/${a.id}`)).body) as { data: { version: number } }).data.version);
    const LOAD_MS = 5_000;
    const settingsRuns = (async () => {
      const runs = [];
      for (let i = 0; i < 3; i++) runs.push(await broadsheet(['settings', 'set', `tagline=Load test round ${i}`], env()));
      return runs;
    })();
    const [posts, saves, reports] = await Promise.all([
      during(LOAD_MS, 12, async () => {
        const n = ++seq;
        const body = `Comment ${n} under load: the council budget, the harbour and the library plan.`;
        const res = await json(
          'POST',
          '/comments',
          { articleId: target!.id, body, name: `Reader ${n}`, email: `reader${n}@example.org`, t: formToken, website: '' },
          { ...readerHeaders, 'x-forwarded-for': address(n) },
        );
        if (res.status === 201) acknowledged.push(body);
        else failures.push(res.body.slice(0, 300));
        return res.status;
      }),
      during(LOAD_MS, saved.length, async (loop, n) => {
        const a = saved[loop]!;
        const res = await api('PATCH', `/api/v1/newsroom/articles/${a.id}`, { baseVersion: versions.get(a.id), dek: `Revised under load, save ${n}.` });
        if (res.status === 200) versions.set(a.id, (JSON.parse(res.body) as { data: { version: number } }).data.version);
        else failures.push(res.body.slice(0, 300));
        return res.status;
      }),
      during(LOAD_MS, 3, async () => {
        // In turn over the comments, never more than 90 reports each (fewer than reportsToHold).
        const n = ++reportSeq;
        if (n > 90 * reportable.length) {
          await sleep(50);
          return null;
        }
        const id = reportable[n % reportable.length]!;
        const res = await json('POST', `/api/v1/comments/${id}/reports`, { reason: 'other', note: `report ${n}` }, { ...readerHeaders, 'x-forwarded-for': address(100_000 + n) });
        if (res.status !== 201) failures.push(res.body.slice(0, 300));
        return res.status;
      }),
    ]);
    const settings = await settingsRuns;

    expect(failures).toEqual([]);
    const tally = (statuses: number[]) => Object.fromEntries([...new Set(statuses)].map((s) => [s, statuses.filter((x) => x === s).length]));
    expect(tally(posts)).toEqual({ 201: posts.length });
    expect(tally(saves)).toEqual({ 200: saves.length });
    const sent = reports.filter((s): s is number => s !== null);
    expect(tally(sent)).toEqual({ 201: sent.length });
    expect(settings.map((r) => r.code)).toEqual([0, 0, 0]);
    expect(posts.length).toBeGreaterThan(50);
    expect(saves.length).toBeGreaterThan(10);

    // Every acknowledged comment is stored, once; nothing else was.
    const database = await openDatabase({ dialect: 'sqlite', url: path.join(dir, 'broadsheet.db') });
    try {
      const { rows } = await sql<{ body: string; n: number }>`select body, count(*) as n from comments where body like 'Comment % under load:%' group by body`.execute(database.db);
      expect(rows.filter((r) => Number(r.n) !== 1)).toEqual([]);
      expect(rows.map((r) => r.body).sort()).toEqual([...acknowledged].sort());
    } finally {
      await database.destroy();
    }
    const repair = await broadsheet(['repair-counts'], env());
    expect(repair.code).toBe(0);
    expect(repair.stdout.trim()).toBe('Comment counts checked: every stored count was right.');
    expect(output).not.toMatch(/database is locked|SQLITE_BUSY/i);
    expect(output).not.toMatch(/"statusCode":5\d\d/);
  }, 120_000);

  it('a story unpublished through one worker answers 404 from every worker within a second', async () => {
    const articles = await publishedArticles();
    const story = articles[articles.length - 1]!;
    // Every worker renders and keeps the page first.
    for (const a of await inParallel(20, 4, () => request('GET', story.path))) expect(a.status).toBe(200);
    const res = await api('POST', `/api/v1/newsroom/articles/${story.id}/transitions`, { transition: 'unpublish' });
    expect(res.status, res.body).toBe(200);
    // The other workers hear of the change through the primary, a moment after the answer: within a second, every one says 404.
    await sleep(1000);
    const after = await inParallel(20, 4, () => request('GET', story.path));
    expect(after.map((a) => a.status)).toEqual(Array(20).fill(404));
  });

  it('a settings change made through one worker shows from every worker within a second', async () => {
    for (const a of await inParallel(20, 4, () => request('GET', '/'))) expect(a.status).toBe(200);
    // Sign in as a browser does: the form's CSRF token and cookie, then the session cookie.
    const form = await request('GET', '/admin/sign-in');
    const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const jar = new Map<string, string>();
    const keep = (cookies: string[]) => cookies.forEach((c) => jar.set(c.split('=')[0]!, c.split(';')[0]!));
    keep(form.cookies);
    const formPost = (url: string, fields: Record<string, string>) =>
      request('POST', url, { headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: [...jar.values()].join('; ') }, body: new URLSearchParams(fields).toString() });
    const signIn = await formPost('/admin/sign-in', { _csrf: csrfOf(form.body), email: ADMIN.email, password: ADMIN.password });
    expect(signIn.status).toBe(303);
    keep(signIn.cookies);
    const page = await request('GET', '/admin/settings', { headers: { cookie: [...jar.values()].join('; ') } });
    expect(page.status).toBe(200);
    keep(page.cookies);
    const saved = await formPost('/admin/settings', {
      _csrf: csrfOf(page.body),
      name: 'The Harbour Herald',
      tagline: 'News from the coast',
      timezone: 'UTC',
      locale: 'en-US',
      commentsCloseAfterDays: '0',
      commentsPerPage: '50',
    });
    expect(saved.status, saved.body.slice(0, 500)).toBe(303);
    await sleep(1000);
    const after = await inParallel(20, 4, () => request('GET', '/'));
    expect(after.filter((a) => a.status === 200 && a.body.includes('The Harbour Herald'))).toHaveLength(20);
  });

  it('SIGHUP restarts every worker, one at a time, while requests keep being answered', async () => {
    const before = workerPids();
    const mark = output.length;
    child.kill('SIGHUP');
    const statuses: (number | string)[] = [];
    let done = false;
    // Many loops, each on a new connection every time: a connection the
    // primary hands to a worker as that worker closes must still be answered.
    const load = Promise.all(
      Array.from({ length: 8 }, async () => {
        while (!done)
          statuses.push(
            await request('GET', '/healthz', { timeoutMs: 10_000 }).then(
              (a) => a.status,
              (err: Error) => err.message,
            ),
          );
      }),
    );
    // Each replacement starts (seconds on a busy machine) before its predecessor drains and closes.
    await waitFor('the restart to finish', () => output.slice(mark).includes('restart done'), 150_000);
    done = true;
    await load;
    const after = workerPids();
    expect(after).toHaveLength(3);
    expect(after.filter((p) => before.includes(p))).toEqual([]);
    expect(statuses.length).toBeGreaterThan(20);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
  }, 180_000);

  it('SIGTERM closes every worker and the primary exits 0', async () => {
    const workers = workerPids();
    expect(workers).toHaveLength(3);
    const closed = new Promise<number | null>((r) => child.once('close', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await closed).toBe(0);
    expect(workers.filter(alive)).toEqual([]);
  }, 60_000);
});

describe('broadsheet serve --workers: bad values', () => {
  it.each([['0'], ['65'], ['two'], ['1.5']])('refuses --workers %s with one line and exit 2', async (n) => {
    const r = await broadsheet(['serve', '--workers', n], { DATA_DIR: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`broadsheet: --workers: "${n}" is not a whole number of workers from 1 to 64`);
  });

  it('refuses a bad WORKERS the same way, and --workers with other commands', async () => {
    const r = await broadsheet(['serve'], { DATA_DIR: dir, WORKERS: 'many' });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('broadsheet: WORKERS: "many" is not a whole number of workers from 1 to 64');
    const m = await broadsheet(['migrate', '--workers', '2'], { DATA_DIR: dir });
    expect(m.code).toBe(2);
    expect(m.stderr.trim()).toBe('broadsheet: --workers only goes with "serve"');
  });
});
