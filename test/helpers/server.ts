import { type Browser, chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type App, buildApp } from '../../src/app.js';
import { seedDemo } from '../../src/cli/demo/seed.js';
import { loadConfig } from '../../src/config.js';
import { systemClock } from '../../src/platform/clock.js';
import { openDatabase } from '../../src/platform/db/database.js';
import { migrateToLatest } from '../../src/platform/db/migrator.js';
import type { Mailer } from '../../src/platform/mailer.js';
import { createServices } from '../../src/services.js';
import { createTestDatabase, type TestDialect } from './db.js';
import { captureLogs } from './logs.js';

/** The few fields of GET /api/v1/articles/:slug the system tests look at. */
export interface DemoArticleInfo {
  path: string;
  headline: string;
  publishedAt: string;
  authors: { slug: string; name: string }[];
  section: { slug: string; name: string } | null;
  tags: { slug: string; name: string }[];
  commentCount: number;
  commentsOpen: boolean;
  developing: boolean;
  readNext: { slug: string; headline: string } | null;
}

export interface DemoServer {
  /** The base URL the server listens on, e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  /** The site's configured public address (SITE_URL, here its default http://localhost:3000): links in emails start with it. */
  siteUrl: string;
  services: App['services'];
  /** The setup code the server logged when it started without an admin (its warnings are kept). */
  loggedSetupCode(): string | undefined;
  /** What the JSON API says about a published article, with `path` its site-relative address (/YYYY/MM/DD/slug). */
  article(slug: string): Promise<DemoArticleInfo>;
  /** The site-relative path of a published article, looked up through the JSON API (never computed from dates). */
  articlePath(slug: string): Promise<string>;
  close(): Promise<void>;
}

export interface DemoServerOptions {
  /** Sends the site's email (sign-up links, reply notifications); by default the outbox folder in the server's DATA_DIR. */
  mailer?: Mailer;
  /** SQLite (the default): a file in the server's DATA_DIR. PostgreSQL: a fresh schema on the local server, dropped on close. */
  dialect?: TestDialect;
}

/**
 * A real, listening server on the demo newsroom, for system tests: its own
 * temporary DATA_DIR and database (a SQLite file, or a schema of its own in
 * the local PostgreSQL), seeded "now" with the system clock so the pages
 * look exactly as `broadsheet serve --demo` shows them.
 */
export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-browser-'));
  const file = path.join(dataDir, 'broadsheet.db');
  let database: Awaited<ReturnType<typeof openDatabase>> | undefined;
  /** Closes the database; for PostgreSQL it also drops the schema (a SQLite file goes with DATA_DIR). */
  let dropDatabase = async () => {
    await database?.destroy();
  };
  let app: App | undefined;
  try {
    // SITE_URL stays at its default (http://localhost:3000): the real port is only known after
    // listening, and canonical links do not matter to these tests.
    const base = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, LOG_LEVEL: 'silent', DATABASE_URL: `sqlite:${file}` });
    let config = base;
    if (options.dialect === 'postgres') {
      const fresh = await createTestDatabase('postgres');
      database = fresh;
      dropDatabase = () => fresh.drop();
      config = { ...base, database: fresh.config };
    } else {
      database = await openDatabase(config.database);
      await migrateToLatest(database.db);
    }
    await seedDemo(createServices(database.db, systemClock), { dataDir, now: new Date() });
    // Warnings are kept, as an operator would read them: the setup code is among them.
    const logs = captureLogs();
    app = await buildApp({ config, database, logger: { level: 'warn', stream: logs.stream }, ...(options.mailer ? { mailer: options.mailer } : {}) });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (address === null || typeof address === 'string') throw new Error(`unexpected server address ${String(address)}`);
    const url = `http://127.0.0.1:${address.port}`;
    const known = new Map<string, DemoArticleInfo>();
    const running = app;
    const drop = dropDatabase;
    let closed = false;
    const article = async (slug: string): Promise<DemoArticleInfo> => {
      const cached = known.get(slug);
      if (cached) return cached;
      const res = await fetch(`${url}/api/v1/articles/${encodeURIComponent(slug)}`);
      if (!res.ok) throw new Error(`GET /api/v1/articles/${slug} answered ${res.status}`);
      const { data } = (await res.json()) as { data: Omit<DemoArticleInfo, 'path'> & { url: string } };
      // data.url is absolute on SITE_URL (the default http://localhost:3000); only its path is ours.
      const info: DemoArticleInfo = { ...data, path: new URL(data.url).pathname };
      known.set(slug, info);
      return info;
    };
    return {
      url,
      siteUrl: config.siteUrl,
      services: running.services,
      loggedSetupCode: () => logs.lines.map((l) => l.setupCode).find((c): c is string => typeof c === 'string'),
      article,
      articlePath: async (slug) => (await article(slug)).path,
      async close() {
        if (closed) return;
        closed = true;
        try {
          await running.close();
        } finally {
          await drop();
          fs.rmSync(dataDir, { recursive: true, force: true });
        }
      },
    };
  } catch (err) {
    await app?.close().catch(() => {});
    await dropDatabase().catch(() => {});
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}

/**
 * How system tests (and scripts/screenshot.mjs, which repeats it) start a browser: the
 * system's Chromium, headless, with nothing that phones home. Never a downloaded browser.
 */
export const CHROMIUM_LAUNCH_OPTIONS = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
};

/**
 * The demo server and Chromium, started side by side. If either fails, the
 * other is stopped before the error is thrown, so nothing is left running.
 */
export async function startDemoAndBrowser(options: DemoServerOptions = {}): Promise<{ server: DemoServer; browser: Browser }> {
  const [s, b] = await Promise.allSettled([startDemoServer(options), chromium.launch(CHROMIUM_LAUNCH_OPTIONS)]);
  if (s.status === 'fulfilled' && b.status === 'fulfilled') return { server: s.value, browser: b.value };
  if (s.status === 'fulfilled') await s.value.close();
  if (b.status === 'fulfilled') await b.value.close();
  throw s.status === 'rejected' ? s.reason : (b as PromiseRejectedResult).reason;
}
