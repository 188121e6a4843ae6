import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_PG_URL } from '../helpers/db.js';

/*
 * `broadsheet import wordpress`, run from the built command (npm run build) as
 * an operator runs it: exit codes, the one-line refusal, the report, progress
 * on stderr, and memory that stays bounded on a large export.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const FIXTURE = path.join(ROOT, 'test/fixtures/wxr/bad-input.xml');
const MALFORMED = path.resolve(ROOT, '../shared/corpora/wxr/wordpress-importer/phpunit/malformed.xml');
const dirs: string[] = [];
function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-import-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function broadsheet(args: string[], env: Record<string, string>, nodeFlags: string[] = []): Promise<Run> {
  const base = { ...process.env };
  for (const k of ['DATABASE_URL', 'DATA_DIR', 'PORT', 'HOST', 'SITE_URL', 'LOG_LEVEL', 'NODE_ENV', 'TEST_DIALECT']) delete base[k];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...nodeFlags, 'bin/broadsheet.js', ...args], { cwd: ROOT, env: { ...base, LOG_LEVEL: 'warn', ...env } });
    child.stdin.end();
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function rowsIn(dataDir: string, table: string): number {
  const db = new SQLite(path.join(dataDir, 'broadsheet.db'), { readonly: true });
  try {
    return (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** A large export written item by item: one post in forty, the rest revisions (read and skipped). */
async function bigExport(file: string, megabytes: number): Promise<number> {
  const out = fs.createWriteStream(file);
  const write = (s: string) => new Promise<void>((resolve) => (out.write(s) ? resolve() : out.once('drain', () => resolve())));
  await write(
    '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n<title>Big</title>\n<wp:wxr_version>1.2</wp:wxr_version>\n<wp:base_blog_url>https://big.example.org</wp:base_blog_url>\n',
  );
  const paragraph = 'The harbour wall gave way on Tuesday night, and the town woke to boats on the promenade. '.repeat(25);
  let bytes = 0;
  let posts = 0;
  for (let i = 1; bytes < megabytes * 1024 * 1024; i++) {
    const post = i % 40 === 0;
    if (post) posts++;
    const item = `<item>\n<title>Item ${i}</title>\n<link>https://big.example.org/${i}/</link>\n<dc:creator>admin</dc:creator>\n<content:encoded><![CDATA[<p>${paragraph}</p>\n\n${paragraph}]]></content:encoded>\n<wp:post_id>${i}</wp:post_id>\n<wp:post_date_gmt>2020-01-01 10:00:00</wp:post_date_gmt>\n<wp:post_name>item-${i}</wp:post_name>\n<wp:status>${post ? 'publish' : 'inherit'}</wp:status>\n<wp:post_type>${post ? 'post' : 'revision'}</wp:post_type>\n</item>\n`;
    bytes += Buffer.byteLength(item);
    await write(item);
  }
  await write('</channel>\n</rss>\n');
  await new Promise<void>((resolve) => out.end(() => resolve()));
  return posts;
}

describe('broadsheet import wordpress', () => {
  it('imports an export, prints the report and shows progress on stderr; a second run changes nothing', async () => {
    const dataDir = tmpDir();
    const first = await broadsheet(['import', 'wordpress', FIXTURE, '--timezone', 'America/Chicago'], { DATA_DIR: dataDir });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^WordPress export .*bad-input\.xml \(WXR 1\.2, from https:\/\/bad\.example\.org\)$/m);
    expect(first.stdout).toMatch(/^stories\s+13\s+0\s+0\s+0\s+0\s+5$/m);
    expect(first.stdout).toContain('item without a wp:post_id');
    // Not a terminal: plain progress lines instead of a bar.
    expect(first.stderr).toMatch(/^checking: \d+\/\d+ MB$/m);
    expect(first.stderr).toMatch(/^importing: 19\/19 items$/m);
    expect(rowsIn(dataDir, 'articles')).toBe(13);
    const again = await broadsheet(['import', 'wordpress', FIXTURE, '--timezone', 'America/Chicago'], { DATA_DIR: dataDir });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^stories\s+0\s+0\s+13\s+0\s+0\s+5$/m);
    expect(rowsIn(dataDir, 'articles')).toBe(13);
  });

  it('prints what a dry run would do and saves nothing', async () => {
    const dataDir = tmpDir();
    const dry = await broadsheet(['import', 'wordpress', FIXTURE, '--dry-run', '--pages'], { DATA_DIR: dataDir });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/^Dry run \(nothing was saved\): WordPress export/);
    expect(dry.stdout).toMatch(/^stories\s+14\s+/m);
    expect(rowsIn(dataDir, 'articles')).toBe(0);
    expect(rowsIn(dataDir, 'import_links')).toBe(0);
  });

  it('refuses a malformed export with exit 1 and one line naming the file, the line and the reason', async () => {
    const dataDir = tmpDir();
    const r = await broadsheet(['import', 'wordpress', MALFORMED], { DATA_DIR: dataDir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`broadsheet: ${MALFORMED}:90: the XML is not well-formed: unexpected close tag; nothing was imported\n`);
    expect(rowsIn(dataDir, 'import_links')).toBe(0);
  });

  it('says what to fix in one line, with exit 2, for a mistake in the command', async () => {
    const dataDir = tmpDir();
    const cases: [string[], RegExp][] = [
      [['import'], /^broadsheet: usage: broadsheet import wordpress FILE/],
      [['import', 'blogger', 'x.xml'], /^broadsheet: cannot import "blogger": only "wordpress" exports can be imported/],
      [['import', 'wordpress'], /^broadsheet: which file\? usage:/],
      [['import', 'wordpress', 'nowhere.xml'], /^broadsheet: nowhere\.xml: no such file$/],
      [['import', 'wordpress', FIXTURE, 'second.xml'], /^broadsheet: one file at a time/],
      [['import', 'wordpress', FIXTURE, '--timezone', 'Mars/Base'], /^broadsheet: --timezone: "Mars\/Base" is not a time zone/],
      [['import', 'wordpress', FIXTURE, '--verbose'], /^broadsheet: Unknown option '--verbose'/],
      [['import', 'wordpress', FIXTURE, '--uploads', path.join(dataDir, 'no-such-folder')], /^broadsheet: --uploads: .*no-such-folder is not a folder/],
    ];
    for (const [args, message] of cases) {
      const r = await broadsheet(args, { DATA_DIR: dataDir });
      expect([args.join(' '), r.code]).toEqual([args.join(' '), 2]);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr.trim()).toMatch(message);
    }
  });

  it('imports into PostgreSQL too', async () => {
    const schema = `cli_import_${process.pid}_${Date.now()}`;
    const url = `${TEST_PG_URL}${TEST_PG_URL.includes('?') ? '&' : '?'}schema=${schema}`;
    try {
      const r = await broadsheet(['import', 'wordpress', FIXTURE], { DATABASE_URL: url, DATA_DIR: tmpDir() });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^comments\s+15\s+/m);
    } finally {
      const client = new pg.Client({ connectionString: TEST_PG_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    }
  });

  it('reads a 50 MB export with a heap capped at 64 MB: memory follows the largest item, not the file', async () => {
    const dir = tmpDir();
    const file = path.join(dir, 'big.xml');
    const posts = await bigExport(file, 50);
    const r = await broadsheet(['import', 'wordpress', file, '--dry-run'], { DATA_DIR: dir }, ['--max-old-space-size=64']);
    expect(r.code, r.stderr.slice(-2000)).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^stories\\s+${posts}\\s+`, 'm'));
  }, 60_000);
});
