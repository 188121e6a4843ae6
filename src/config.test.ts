import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, redactUrl } from './config.js';

const problems = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

describe('loadConfig', () => {
  it('has defaults that serve http://localhost:3000 from ./data on SQLite', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.host).toBe('localhost');
    expect(c.siteUrl).toBe('http://localhost:3000');
    expect(c.dataDir).toBe(path.resolve('data'));
    expect(c.database).toEqual({ dialect: 'sqlite', url: path.resolve('data/broadsheet.db') });
  });

  it('follows PORT into the default SITE_URL and trims a trailing slash', () => {
    expect(loadConfig({ PORT: '8080' }).siteUrl).toBe('http://localhost:8080');
    expect(loadConfig({ SITE_URL: 'https://news.example.org/' }).siteUrl).toBe('https://news.example.org');
  });

  it('recognises PostgreSQL URLs and an optional schema', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/news' }).database).toEqual({ dialect: 'postgres', url: 'postgres://u:p@db:5432/news' });
    expect(loadConfig({ DATABASE_URL: 'postgresql://db/news?schema=site_a' }).database).toEqual({ dialect: 'postgres', url: 'postgresql://db/news', schema: 'site_a' });
  });

  it('recognises SQLite paths in several spellings', () => {
    expect(loadConfig({ DATABASE_URL: 'sqlite:./x.db' }).database.url).toBe(path.resolve('x.db'));
    expect(loadConfig({ DATABASE_URL: 'file:/tmp/y.db' }).database.url).toBe('/tmp/y.db');
    expect(loadConfig({ DATABASE_URL: 'sqlite::memory:' }).database.url).toBe(':memory:');
    expect(loadConfig({ DATABASE_URL: 'news.sqlite' }).database.url).toBe(path.resolve('news.sqlite'));
  });

  it('names each bad value on a line of its own', () => {
    expect(problems({ PORT: '70000' })).toEqual(['PORT: "70000" is not a port number (0–65535)']);
    expect(problems({ SITE_URL: 'ftp://x' })[0]).toMatch(/^SITE_URL: /);
    expect(problems({ SITE_URL: 'https://x.org/?a=1' })[0]).toMatch(/^SITE_URL: /);
    expect(problems({ DATABASE_URL: 'mysql://x' })).toEqual(['DATABASE_URL: "mysql://x" is neither postgres://… nor sqlite:PATH']);
    expect(problems({ DATABASE_URL: 'postgres://db/x?schema=bad-name' })[0]).toMatch(/^DATABASE_URL: schema/);
    expect(problems({ NODE_ENV: 'staging', LOG_LEVEL: 'chatty', TRUST_PROXY: 'maybe', HOST: ' ' })).toHaveLength(4);
  });

  it('warns of event loop blocks over 20 ms unless EVENT_LOOP_WARN_MS says otherwise', () => {
    expect(loadConfig({}).eventLoopWarnMs).toBe(20);
    expect(loadConfig({ EVENT_LOOP_WARN_MS: '50' }).eventLoopWarnMs).toBe(50);
    expect(loadConfig({ EVENT_LOOP_WARN_MS: '0' }).eventLoopWarnMs).toBe(0);
    for (const bad of ['-1', '2.5', 'soon', '60001']) {
      expect(problems({ EVENT_LOOP_WARN_MS: bad })).toEqual([`EVENT_LOOP_WARN_MS: "${bad}" is not a whole number of milliseconds from 0 to 60000`]);
    }
  });

  it('bounds image decoding: 40 megapixels, 300 frames, 30 s, two images at once and eight waiting, unless MEDIA_* say otherwise', () => {
    expect(loadConfig({}).media).toEqual({ maxPixels: 40_000_000, maxFrames: 300, timeoutSeconds: 30, concurrency: 2, queue: 8 });
    expect(loadConfig({ MEDIA_MAX_MEGAPIXELS: '24.5', MEDIA_MAX_FRAMES: '100', MEDIA_TIMEOUT_SECONDS: '10', MEDIA_CONCURRENCY: '1', MEDIA_QUEUE: '0' }).media).toEqual({
      maxPixels: 24_500_000,
      maxFrames: 100,
      timeoutSeconds: 10,
      concurrency: 1,
      queue: 0,
    });
    expect(problems({ MEDIA_MAX_MEGAPIXELS: 'lots', MEDIA_MAX_FRAMES: '0', MEDIA_TIMEOUT_SECONDS: '1.5', MEDIA_CONCURRENCY: '0', MEDIA_QUEUE: '-1' })).toEqual([
      'MEDIA_MAX_MEGAPIXELS: "lots" is not a number of megapixels from 0.01 to 1000',
      'MEDIA_MAX_FRAMES: "0" is not a whole number of frames from 1 to 10000',
      'MEDIA_TIMEOUT_SECONDS: "1.5" is not a whole number of seconds from 1 to 3600',
      'MEDIA_CONCURRENCY: "0" is not a whole number of images at once from 1 to 64',
      'MEDIA_QUEUE: "-1" is not a whole number of waiting images from 0 to 10000',
    ]);
  });

  it('reports not ready below 100 MB of free disk unless READY_MIN_FREE_MB says otherwise', () => {
    expect(loadConfig({}).readyMinFreeMb).toBe(100);
    expect(loadConfig({ READY_MIN_FREE_MB: '2048' }).readyMinFreeMb).toBe(2048);
    expect(loadConfig({ READY_MIN_FREE_MB: '0' }).readyMinFreeMb).toBe(0);
    for (const bad of ['-1', '1.5', 'lots', '1e12', '0x10']) {
      expect(problems({ READY_MIN_FREE_MB: bad })).toEqual([`READY_MIN_FREE_MB: "${bad}" is not a whole number of megabytes from 0 to 1000000000`]);
    }
  });

  it('sheds load past a 500 ms event-loop delay or 64 requests in flight unless SHED_* say otherwise; 0 turns a limit off', () => {
    expect(loadConfig({}).shedding).toEqual({ maxEventLoopDelayMs: 500, maxRssMb: 0, maxHeapMb: 0, maxInFlight: 64 });
    expect(loadConfig({ NODE_ENV: 'production' }).shedding?.maxEventLoopDelayMs).toBe(500);
    // Tests build many apps in one process: its pauses are not load.
    expect(loadConfig({ NODE_ENV: 'test' }).shedding?.maxEventLoopDelayMs).toBe(0);
    expect(loadConfig({ NODE_ENV: 'test', SHED_MAX_EVENT_LOOP_DELAY_MS: '50' }).shedding?.maxEventLoopDelayMs).toBe(50);
    expect(loadConfig({ SHED_MAX_EVENT_LOOP_DELAY_MS: '0', SHED_MAX_RSS_MB: '768', SHED_MAX_HEAP_MB: '512', SHED_MAX_IN_FLIGHT: '32' }).shedding).toEqual({
      maxEventLoopDelayMs: 0,
      maxRssMb: 768,
      maxHeapMb: 512,
      maxInFlight: 32,
    });
    for (const bad of ['-1', '1.5', 'lots', '1e3', '0x10']) {
      expect(problems({ SHED_MAX_EVENT_LOOP_DELAY_MS: bad })).toEqual([`SHED_MAX_EVENT_LOOP_DELAY_MS: "${bad}" is not a whole number of milliseconds from 0 (off) to 60000`]);
      expect(problems({ SHED_MAX_IN_FLIGHT: bad })).toEqual([`SHED_MAX_IN_FLIGHT: "${bad}" is not a whole number of requests from 0 (off) to 1000000`]);
    }
    expect(problems({ SHED_MAX_RSS_MB: '2000000', SHED_MAX_HEAP_MB: 'x' })).toEqual([
      'SHED_MAX_RSS_MB: "2000000" is not a whole number of megabytes from 0 (off) to 1000000',
      'SHED_MAX_HEAP_MB: "x" is not a whole number of megabytes from 0 (off) to 1000000',
    ]);
  });

  it('lets the heap of a serving process grow 50% past what it keeps unless HEAP_GROWTH_PERCENT says otherwise; 0 leaves it to V8', () => {
    expect(loadConfig({}).heapGrowthPercent).toBe(50);
    expect(loadConfig({ HEAP_GROWTH_PERCENT: '100' }).heapGrowthPercent).toBe(100);
    expect(loadConfig({ HEAP_GROWTH_PERCENT: '0' }).heapGrowthPercent).toBe(0);
    for (const bad of ['-1', '12.5', 'half', '401', '1e2']) {
      expect(problems({ HEAP_GROWTH_PERCENT: bad })).toEqual([`HEAP_GROWTH_PERCENT: "${bad}" is not a whole number of per cent from 0 (V8 decides) to 400`]);
    }
  });

  it('never repeats a password in a problem', () => {
    expect(problems({ DATABASE_URL: 'mysql://root:hunter2@db/x' }).join()).not.toContain('hunter2');
  });
});

describe('email settings', () => {
  it('writes to the outbox unless SMTP_URL is set, from no-reply at the site host', () => {
    const c = loadConfig({ SITE_URL: 'https://news.example.org' });
    expect(c.smtpUrl).toBeNull();
    expect(c.mailFrom).toBe('Broadsheet <no-reply@news.example.org>');
    expect(loadConfig({}).mailFrom).toBe('Broadsheet <no-reply@localhost>');
  });

  it('accepts smtp:// and smtps:// URLs and a From with or without a name', () => {
    expect(loadConfig({ SMTP_URL: 'smtps://user:pw@mail.example.org:465' }).smtpUrl).toBe('smtps://user:pw@mail.example.org:465');
    expect(loadConfig({ SMTP_URL: ' smtp://127.0.0.1:2525 ' }).smtpUrl).toBe('smtp://127.0.0.1:2525');
    expect(loadConfig({ MAIL_FROM: 'The Gazette <desk@gazette.example>' }).mailFrom).toBe('The Gazette <desk@gazette.example>');
    expect(loadConfig({ MAIL_FROM: 'desk@gazette.example' }).mailFrom).toBe('desk@gazette.example');
  });

  it('names a bad SMTP_URL or MAIL_FROM on a line of its own, without the SMTP password', () => {
    expect(problems({ SMTP_URL: 'http://user:hunter2@mail.example.org' })).toEqual([
      'SMTP_URL: "http://user:***@mail.example.org/" is not an smtp:// or smtps:// URL, e.g. smtps://user:password@mail.example.org:465',
    ]);
    expect(problems({ SMTP_URL: 'mail.example.org' })[0]).toMatch(/^SMTP_URL: /);
    expect(problems({ MAIL_FROM: 'The Gazette' })).toEqual(['MAIL_FROM: "The Gazette" is not an email address, e.g. Broadsheet <no-reply@news.example.org>']);
    expect(problems({ MAIL_FROM: 'a@b.example\r\nBcc: x@evil.example' })[0]).toMatch(/^MAIL_FROM: /);
    expect(problems({ SMTP_URL: 'smtp://', MAIL_FROM: 'nobody' })).toHaveLength(2);
  });
});

describe('redactUrl', () => {
  it('masks passwords and leaves the rest', () => {
    expect(redactUrl('postgres://app:secret@db:5432/news')).toBe('postgres://app:***@db:5432/news');
    expect(redactUrl('postgres://db/news')).toBe('postgres://db/news');
  });
});
