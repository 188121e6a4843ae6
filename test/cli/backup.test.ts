import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseConfig } from '../../src/config.js';
import { systemClock } from '../../src/platform/clock.js';
import { type DatabaseHandle, openDatabase } from '../../src/platform/db/database.js';
import { migrateToLatest } from '../../src/platform/db/migrator.js';
import { createServices } from '../../src/services.js';
import { twoTone } from '../fixtures/images/images.js';
import { assertBuilt, broadsheet, serve } from '../helpers/cli.js';
import { TEST_PG_URL } from '../helpers/db.js';
import { buildArticle } from '../helpers/factories.js';

/*
 * broadsheet backup and restore, as an operator runs them: a backup taken
 * from a serving site while readers post comments holds every comment the
 * site acknowledged before the backup started, and restores into an empty
 * database; a damaged or partial backup is refused, naming what is wrong.
 */

const tmpDirs: string[] = [];
function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-backup-'));
  tmpDirs.push(d);
  return d;
}

const SLUG = 'harbour-timetable';
const pgSchemas: string[] = [];

/** A site to back up: one story open for guest comments without limits in the way, and one uploaded image. */
async function prepareSite(database: DatabaseConfig, dataDir: string): Promise<void> {
  const handle = await openDatabase(database);
  try {
    await migrateToLatest(handle.db, database.schema);
    const services = createServices(handle.db, systemClock, undefined, { dataDir });
    await services.settings.update({
      guestComments: true,
      moderationMode: 'none',
      commentLimitPerIp: 10000,
      commentLimitPerReader: 10000,
      commentLimitWindowMinutes: 1,
      spamHoldScore: 1,
      spamRejectScore: 1,
    });
    await buildArticle(services, new Date(), { slug: SLUG, headline: 'The harbour timetable' });
    await services.mediaUploader.upload({ data: await twoTone('png', 320, 200), originalName: 'harbour.png', alt: 'The harbour' });
  } finally {
    await handle.destroy();
  }
}

interface Ack {
  id: number;
  /** When the request was sent, and when its 201 came back. */
  sent: number;
  at: number;
}

/**
 * Guests posting comments through the JSON API, three at a time with a short
 * pause (so that, as on a real site, comments acknowledged before the backup
 * are still in SQLite's write-ahead log rather than all checkpointed into the
 * main file), until stopped; every 201 is an acknowledged comment.
 */
function commentLoad(base: string) {
  const acks: Ack[] = [];
  const failures: string[] = [];
  let stopped = false;
  let seq = 0;
  const worker = async () => {
    const session = await fetch(`${base}/api/v1/session`);
    const cookie = session.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const { csrf } = (await session.json()) as { csrf: string };
    while (!stopped) {
      const n = ++seq;
      const sent = Date.now();
      const res = await fetch(`${base}/api/v1/articles/${SLUG}/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
        body: JSON.stringify({ body: `Comment number ${n} on the harbour timetable: the early boat matters most.`, name: `Guest ${n}`, email: `guest${n}@example.org` }),
      });
      if (res.status === 201) acks.push({ id: ((await res.json()) as { data: { id: number } }).data.id, sent, at: Date.now() });
      else failures.push(`${res.status} ${await res.text()}`);
      await new Promise((r) => setTimeout(r, 30));
    }
  };
  // A request that cannot be made at all is a failure to report, not a crash of the test.
  const workers = [worker(), worker(), worker()].map((w) => w.catch((err: Error) => void failures.push(`request failed: ${err.message}`)));
  return {
    acks,
    failures,
    async until(count: number) {
      for (let i = 0; acks.length < count && failures.length === 0 && i < 600; i++) await new Promise((r) => setTimeout(r, 50));
    },
    async stop() {
      stopped = true;
      await Promise.all(workers);
    },
  };
}

async function commentIds(database: DatabaseConfig): Promise<Set<number>> {
  const handle: DatabaseHandle = await openDatabase(database);
  try {
    return new Set((await handle.db.selectFrom('comments').select('id').execute()).map((r) => r.id));
  } finally {
    await handle.destroy();
  }
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

const pgUrl = (schema: string) => `${TEST_PG_URL}${TEST_PG_URL.includes('?') ? '&' : '?'}schema=${schema}`;

/**
 * Serve the site, post comments, take a backup in the middle of it, and
 * return what was acknowledged before the backup started.
 */
async function backupUnderLoad(env: Record<string, string>, dir: string) {
  const server = await serve(env);
  const load = commentLoad(server.base);
  try {
    await load.until(30);
    expect(load.failures).toEqual([]);
    const startedAt = Date.now();
    const before = load.acks.filter((a) => a.at < startedAt).map((a) => a.id);
    const run = await broadsheet(['backup', dir], env);
    const finishedAt = Date.now();
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^Backed up to ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: the database \\(`));
    await load.stop();
    expect(load.failures).toEqual([]);
    // The site was taking comments while the backup ran: some acknowledged comment was being posted during it.
    expect(load.acks.some((a) => a.sent < finishedAt && a.at > startedAt)).toBe(true);
    return { before, manifest: JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { method: string; files: { path: string }[] } };
  } finally {
    await load.stop();
    await server.stop();
  }
}

beforeAll(() => assertBuilt());

afterAll(async () => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
  for (const s of pgSchemas) await dropSchema(s);
});

describe('broadsheet backup and restore', () => {
  it('SQLite: a backup taken under a comment-posting load restores every comment acknowledged before it started', async () => {
    const dataDir = tmpDir();
    const env = { DATA_DIR: dataDir };
    await prepareSite({ dialect: 'sqlite', url: path.join(dataDir, 'broadsheet.db') }, dataDir);
    const dir = path.join(tmpDir(), 'backup');
    const { before, manifest } = await backupUnderLoad(env, dir);
    expect(before.length).toBeGreaterThanOrEqual(30);
    expect(manifest.method).toBe('sqlite-backup');
    expect(manifest.files.map((f) => f.path)).toEqual(expect.arrayContaining(['database.sqlite', expect.stringMatching(/^media\/uploads\/.+\.png$/)]));

    const restoredDir = tmpDir();
    const restored = await broadsheet(['restore', dir], { DATA_DIR: restoredDir });
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/^Restored the backup taken at .* \(sqlite-backup\) and \d+ media files\.\n$/);
    const ids = await commentIds({ dialect: 'sqlite', url: path.join(restoredDir, 'broadsheet.db') });
    expect(before.filter((id) => !ids.has(id))).toEqual([]);
    const media = manifest.files.filter((f) => f.path.startsWith('media/'));
    for (const f of media) expect(fs.readFileSync(path.join(restoredDir, f.path))).toEqual(fs.readFileSync(path.join(dataDir, f.path)));

    // The restored site serves the story with its comments.
    const server = await serve({ DATA_DIR: restoredDir });
    try {
      const story = (await (await fetch(`${server.base}/api/v1/articles/${SLUG}`)).json()) as { data: { commentCount: number } };
      expect(story.data.commentCount).toBeGreaterThanOrEqual(before.length);
    } finally {
      await server.stop();
    }
  });

  for (const method of ['pg_dump', 'json-export'] as const) {
    it(`PostgreSQL (${method}): a backup taken under load restores every acknowledged comment into an empty schema`, async () => {
      const schema = `bk_${process.pid}_${Date.now()}_${method === 'pg_dump' ? 'dump' : 'json'}`;
      pgSchemas.push(schema);
      const dataDir = tmpDir();
      // Without pg_dump on PATH, the backup falls back to the JSON export.
      const env = { DATABASE_URL: pgUrl(schema), DATA_DIR: dataDir, ...(method === 'json-export' ? { PATH: tmpDir() } : {}) };
      await prepareSite({ dialect: 'postgres', url: TEST_PG_URL, schema }, dataDir);
      const dir = path.join(tmpDir(), 'backup');
      const { before, manifest } = await backupUnderLoad(env, dir);
      expect(manifest.method).toBe(method);

      await dropSchema(schema);
      const restoredDir = tmpDir();
      const restored = await broadsheet(['restore', dir], { DATABASE_URL: pgUrl(schema), DATA_DIR: restoredDir });
      expect(restored.code, restored.stderr).toBe(0);
      const ids = await commentIds({ dialect: 'postgres', url: TEST_PG_URL, schema });
      expect(before.filter((id) => !ids.has(id))).toEqual([]);
      // Restoring again, into the now full schema, is refused.
      const again = await broadsheet(['restore', dir], { DATABASE_URL: pgUrl(schema), DATA_DIR: tmpDir() });
      expect(again.code).toBe(1);
      expect(again.stderr.trim().split('\n')).toHaveLength(1);
      expect(again.stderr).toMatch(method === 'pg_dump' ? /already has tables/ : /the database is not empty/);
    });
  }

  describe('refusals', () => {
    let dataDir: string;
    let good: string;

    beforeAll(async () => {
      dataDir = tmpDir();
      await prepareSite({ dialect: 'sqlite', url: path.join(dataDir, 'broadsheet.db') }, dataDir);
      good = path.join(tmpDir(), 'backup');
      const run = await broadsheet(['backup', good], { DATA_DIR: dataDir });
      expect(run.code, run.stderr).toBe(0);
    });

    /** A copy of the good backup, changed by `damage`. */
    function damaged(damage: (dir: string) => void): string {
      const dir = path.join(tmpDir(), 'backup');
      fs.cpSync(good, dir, { recursive: true });
      damage(dir);
      return dir;
    }

    async function refusedRestore(dir: string): Promise<string> {
      const target = tmpDir();
      const run = await broadsheet(['restore', dir], { DATA_DIR: target });
      expect(run.code).toBe(1);
      const lines = run.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      // Nothing was restored.
      expect(fs.existsSync(path.join(target, 'broadsheet.db'))).toBe(false);
      return lines[0]!;
    }

    it('refuses a changed, missing or added file, naming it, and a backup without its manifest', async () => {
      const media = fs.readdirSync(path.join(good, 'media/uploads'), { recursive: true }).find((f) => String(f).endsWith('.png'))!;
      const changedMedia = damaged((d) => {
        const f = path.join(d, 'media/uploads', String(media));
        const bytes = fs.readFileSync(f);
        bytes[bytes.length - 1] = bytes.at(-1)! ^ 0xff;
        fs.writeFileSync(f, bytes);
      });
      expect(await refusedRestore(changedMedia)).toBe(
        `broadsheet: ${path.join(changedMedia, 'media/uploads', String(media))} has changed since the backup was taken (its checksum does not match): the backup is damaged`,
      );
      const changedDb = damaged((d) => fs.appendFileSync(path.join(d, 'database.sqlite'), 'x'));
      expect(await refusedRestore(changedDb)).toMatch(/database\.sqlite has changed since the backup was taken/);
      const missing = damaged((d) => fs.rmSync(path.join(d, 'database.sqlite')));
      expect(await refusedRestore(missing)).toBe(`broadsheet: ${path.join(missing, 'database.sqlite')} is missing: the backup is incomplete`);
      const extra = damaged((d) => fs.writeFileSync(path.join(d, 'media', 'stray.txt'), 'not mine'));
      expect(await refusedRestore(extra)).toMatch(/media\/stray\.txt is not part of the backup/);
      const partial = damaged((d) => fs.rmSync(path.join(d, 'manifest.json')));
      expect(await refusedRestore(partial)).toBe(`broadsheet: ${partial} has no manifest.json: it is not a complete Broadsheet backup (a backup cut short has none)`);
      const garbled = damaged((d) => fs.writeFileSync(path.join(d, 'manifest.json'), '{"format":"broadsheet-backup",'));
      expect(await refusedRestore(garbled)).toMatch(/manifest\.json is not valid JSON: the backup is damaged$/);
    });

    it('refuses a missing directory, a database with tables, and a media folder with files', async () => {
      const nowhere = path.join(tmpDir(), 'no-such-backup');
      expect(await refusedRestore(nowhere)).toBe(`broadsheet: ${nowhere} does not exist: give the directory a backup was written to`);
      const migrated = tmpDir();
      expect((await broadsheet(['migrate'], { DATA_DIR: migrated })).code).toBe(0);
      const intoFull = await broadsheet(['restore', good], { DATA_DIR: migrated });
      expect([intoFull.code, intoFull.stderr.trim().split('\n').length]).toEqual([1, 1]);
      expect(intoFull.stderr).toMatch(/already has tables: restore into a new database/);
      const intoMedia = await broadsheet(['restore', good], { DATA_DIR: dataDir });
      expect(intoMedia.code).toBe(1);
      expect(intoMedia.stderr).toMatch(/media already holds files/);
    });

    it('backs up only into a new or empty directory, and never where the site serves files', async () => {
      const run = await broadsheet(['backup', good], { DATA_DIR: dataDir });
      expect([run.code, run.stderr.trim()]).toEqual([1, `broadsheet: ${good} is not empty: back up into a new or empty directory, so no backup is ever mixed with another`]);
      const served = path.join(dataDir, 'media', 'backup');
      const inMedia = await broadsheet(['backup', served], { DATA_DIR: dataDir });
      expect([inMedia.code, inMedia.stderr.trim()]).toEqual([1, `broadsheet: ${served} is inside ${path.join(dataDir, 'media')}, which the site serves to anyone: choose a folder outside it`]);
      expect(fs.existsSync(served)).toBe(false);
      const exported = await broadsheet(['export', '--with-secrets', path.join(dataDir, 'media', 'site.json')], { DATA_DIR: dataDir });
      expect([exported.code, exported.stderr.trim().split('\n').length]).toEqual([1, 1]);
      expect(exported.stderr).toMatch(/which the site serves to anyone/);
      expect(fs.existsSync(path.join(dataDir, 'media', 'site.json'))).toBe(false);
    });

    it('exports to an unwritable path with exit 1 and one line, and says how the command is used', async () => {
      const file = path.join(tmpDir(), 'a-file');
      fs.writeFileSync(file, 'not a directory');
      for (const target of [path.join(tmpDir(), 'no-such-folder', 'site.json'), path.join(file, 'site.json')]) {
        const run = await broadsheet(['export', target], { DATA_DIR: dataDir });
        expect(run.code).toBe(1);
        expect(run.stderr.trim().split('\n')).toHaveLength(1);
        expect(run.stderr).toMatch(
          new RegExp(`^broadsheet: cannot write ${target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\((ENOENT|ENOTDIR)\\): choose a file in a folder that exists and that you may write to\\n$`),
        );
        // No partial file is left behind.
        const folder = path.dirname(path.dirname(target));
        expect(fs.readdirSync(folder, { recursive: true }).filter((f) => String(f).includes('site.json'))).toEqual([]);
      }
      const usage = await broadsheet(['export'], { DATA_DIR: dataDir });
      expect([usage.code, usage.stderr.trim()]).toEqual([2, 'broadsheet: missing arguments; usage: broadsheet export FILE [--with-secrets] [--format json|wxr]']);
      const format = await broadsheet(['export', '--format', 'csv', 'x.csv'], { DATA_DIR: dataDir });
      expect([format.code, format.stderr.trim()]).toEqual([2, 'broadsheet: --format takes json or wxr, not "csv"']);
    });

    it('exports, and imports into an empty database only', async () => {
      const file = path.join(tmpDir(), 'site.json');
      const exported = await broadsheet(['export', file], { DATA_DIR: dataDir });
      expect(exported.code, exported.stderr).toBe(0);
      expect(exported.stdout).toMatch(/^Exported .*site\.json: 1 article, 0 comments, 0 authors, 0 sections, 0 tags, 1 image, 0 staff accounts, 0 readers \(schema \d{8}T\d{4}_\w+\)\.\n/);
      const fresh = tmpDir();
      const imported = await broadsheet(['import', 'broadsheet', file], { DATA_DIR: fresh });
      expect(imported.code, imported.stderr).toBe(0);
      expect(imported.stdout).toMatch(/^Imported .*site\.json: 1 article/);
      // The search index is derived: rebuilt from the imported stories.
      expect(imported.stdout).toMatch(/\nSearch index rebuilt: 1 article\.\nComment counts rebuilt\.\n$/);
      const again = await broadsheet(['import', 'broadsheet', file], { DATA_DIR: fresh });
      expect([again.code, again.stderr.trim()]).toEqual([1, 'broadsheet: the database is not empty (media has 1 row): import into a new, empty database']);
      const wxr = await broadsheet(['export', '--format', 'wxr', path.join(fresh, 'site.xml')], { DATA_DIR: fresh });
      expect(wxr.code, wxr.stderr).toBe(0);
      expect(wxr.stdout).toBe(`Exported ${path.join(fresh, 'site.xml')} (WXR 1.2, for WordPress): 1 post, 1 attachment, 0 comments.\n`);
    });
  });
});
