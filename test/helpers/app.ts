import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseHTML } from 'linkedom';
import { type App, type BuildOptions, buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { fixedClock } from '../../src/platform/clock.js';
import type { Mailer } from '../../src/platform/mailer.js';
import { createTestDatabase, type TestDatabase, type TestDialect } from './db.js';

export const TEST_SITE_URL = 'https://news.example.test';

export interface TestContext {
  app: App;
  services: App['services'];
  database: TestDatabase;
  clock: ReturnType<typeof fixedClock>;
  dataDir: string;
  close(): Promise<void>;
}

/** Build the app on a fresh database, with a clock the test controls. */
export async function createTestApp(
  options: {
    now?: string;
    dialect?: TestDialect;
    mailer?: Mailer;
    env?: Record<string, string>;
    live?: BuildOptions['live'];
    readiness?: BuildOptions['readiness'];
    logger?: BuildOptions['logger'];
    shedding?: BuildOptions['shedding'];
  } = {},
): Promise<TestContext> {
  const database = await createTestDatabase(options.dialect);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-test-'));
  const config = loadConfig({ NODE_ENV: 'test', SITE_URL: TEST_SITE_URL, DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...options.env });
  const clock = fixedClock(options.now ?? '2024-03-29T15:00:00.000Z');
  const app = await buildApp({
    config: { ...config, database: database.config },
    database,
    clock,
    ...(options.mailer ? { mailer: options.mailer } : {}),
    ...(options.live ? { live: options.live } : {}),
    ...(options.readiness ? { readiness: options.readiness } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.shedding ? { shedding: options.shedding } : {}),
  });
  await app.ready();
  return {
    app,
    services: app.services,
    database,
    clock,
    dataDir,
    async close() {
      await app.close();
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Parse an HTML response into a DOM document. */
export function parse(html: string): Document {
  return parseHTML(html).document as unknown as Document;
}

/** The trimmed, whitespace-collapsed text of an element. */
export const text = (el: Element | null | undefined): string => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
