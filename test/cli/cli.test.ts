import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { assertBuilt, broadsheet, serve } from '../helpers/cli.js';
import { TEST_PG_URL } from '../helpers/db.js';

/*
 * The broadsheet command, run as an operator runs it: a child process with
 * an environment, judged by its exit code and what it prints.
 */

const tmpDirs: string[] = [];
function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-cli-'));
  tmpDirs.push(d);
  return d;
}
assertBuilt();
afterAll(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('broadsheet CLI', () => {
  it('prints usage and refuses unknown commands with exit code 2', async () => {
    const help = await broadsheet(['help'], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('serve [--demo]');
    const bad = await broadsheet(['frobnicate'], {});
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('broadsheet: unknown command "frobnicate"; run "broadsheet help" for the list');
  });

  it('reports every bad setting on its own line and exits 2', async () => {
    const r = await broadsheet(['migrate'], { PORT: 'eighty', SITE_URL: 'not a url', LOG_LEVEL: 'loud', DATA_DIR: tmpDir() });
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^broadsheet: PORT: "eighty" is not a port number/);
    expect(lines.some((l) => l.startsWith('broadsheet: SITE_URL:'))).toBe(true);
    expect(lines.some((l) => l.startsWith('broadsheet: LOG_LEVEL:'))).toBe(true);
  });

  it('exits 1 with one line when the database is unreachable, never showing the password', async () => {
    const r = await broadsheet(['migrate'], { DATABASE_URL: 'postgres://app:s3cret@127.0.0.1:1/news', DATA_DIR: tmpDir() });
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^broadsheet: DATABASE_URL: cannot connect to postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/news \(ECONNREFUSED/);
    expect(r.stderr).not.toContain('s3cret');
  });

  it('exits 1 with one line when the data directory cannot be written', async () => {
    const file = path.join(tmpDir(), 'a-file');
    fs.writeFileSync(file, 'not a directory');
    const r = await broadsheet(['migrate'], { DATA_DIR: path.join(file, 'data') });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^broadsheet: DATA_DIR: .*a-file\/data is not a writable directory \(ENOTDIR\)/);
  });

  it('migrates, seeds the demo once, and refuses to seed a site with content', async () => {
    const dataDir = tmpDir();
    const migrate = await broadsheet(['migrate'], { DATA_DIR: dataDir });
    expect(migrate.code).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'broadsheet.db'))).toBe(true);
    const seed = await broadsheet(['seed-demo'], { DATA_DIR: dataDir });
    expect(seed.code, seed.stderr).toBe(0);
    expect(seed.stdout).toMatch(/Demo content added: \d+ articles, \d+ comments\./);
    const again = await broadsheet(['seed-demo'], { DATA_DIR: dataDir });
    expect(again.code).toBe(1);
    expect(again.stderr.trim()).toBe('broadsheet: the database already has articles; seed-demo only fills an empty database');
  });

  it('serve never adds demo content; serve --demo fills only an empty site', async () => {
    const dataDir = tmpDir();
    const plain = await serve({ DATA_DIR: dataDir }, []);
    const empty = await (await fetch(`${plain.base}/api/v1/articles`)).json();
    expect(empty.meta.total).toBe(0);
    const home = await fetch(plain.base);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Nothing has been published yet.');
    await plain.stop();

    const demo = await serve({ DATA_DIR: dataDir }, ['--demo']);
    const seeded = await (await fetch(`${demo.base}/api/v1/articles?limit=1`)).json();
    expect(seeded.meta.total).toBeGreaterThanOrEqual(40);
    await demo.stop();
    expect(demo.child.exitCode).toBe(0);
  });

  it('logs the setup code when serving a site without an admin, prints it on request, and not once an admin exists', async () => {
    const env = { DATA_DIR: tmpDir() };
    const printed = await broadsheet(['setup-code'], env);
    expect(printed.code, printed.stderr).toBe(0);
    const code = /Setup code: ([A-Z2-9]{4}(?:-[A-Z2-9]{4}){3})\n/.exec(printed.stdout)?.[1];
    expect(code, printed.stdout).toBeDefined();
    const server = await serve(env, []);
    for (let i = 0; i < 50 && !server.stdout().includes('setupCode'); i++) await new Promise((r) => setTimeout(r, 100));
    await server.stop();
    const line = server
      .stdout()
      .split('\n')
      .find((l) => l.includes('setupCode'));
    expect(JSON.parse(line ?? '{}')).toMatchObject({ setupCode: code, msg: expect.stringContaining(`/admin/setup and enter the setup code ${code}`) });
    expect((await broadsheet(['create-user', '--email', 'ana@example.org', '--role', 'admin'], env)).code).toBe(0);
    const closed = await broadsheet(['setup-code'], env);
    expect(closed.code).toBe(1);
    expect(closed.stderr).toContain('the site has an admin already');
  });

  it('under --workers, logs the setup code from one worker, not from each', async () => {
    const env = { DATA_DIR: tmpDir() };
    const server = await serve(env, ['--workers', '2']);
    const said = () => server.stdout().match(/"setupCode"/g)?.length ?? 0;
    // /healthz answers once one worker listens: wait until both have said they serve, and a moment for any late line.
    for (let i = 0; i < 100 && !(server.stdout().includes('is serving') && said() > 0); i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 1_500));
    await server.stop();
    expect(server.stdout()).toContain('with 2 workers');
    expect(said(), server.stdout()).toBe(1);
  });

  it('creates staff accounts, with a generated password or one from standard input', async () => {
    const env = { DATA_DIR: tmpDir() };
    const made = await broadsheet(['create-user', '--email', 'Ana@Example.org', '--role', 'admin', '--name', 'Ana Ruiz'], env);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toMatch(/^Created admin ana@example\.org\.\nPassword: [A-Za-z0-9_-]{20}\n/);
    const again = await broadsheet(['create-user', '--email', 'ana@example.org', '--role', 'editor'], env);
    expect(again.code).toBe(1);
    expect(again.stderr.trim()).toBe('broadsheet: An account for ana@example.org already exists.');
    const weak = await broadsheet(['create-user', '--email', 'ben@example.org', '--role', 'author', '--password-stdin'], env, 'short\n');
    expect(weak.code).toBe(1);
    expect(weak.stderr.trim()).toBe('broadsheet: Passwords need at least 12 characters.');
    const piped = await broadsheet(['create-user', '--email', 'ben@example.org', '--role', 'author', '--password-stdin'], env, 'a long enough passphrase\n');
    expect(piped.code, piped.stderr).toBe(0);
    expect(piped.stdout).toBe('Created author ben@example.org.\n');
    const badRole = await broadsheet(['create-user', '--email', 'cy@example.org', '--role', 'owner'], env);
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toContain('"owner" is not a role');
    const missing = await broadsheet(['create-user', '--email', 'cy@example.org'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('create-user needs --email and --role');
  });

  it('prints and changes site settings, all or nothing, with one line per mistake', async () => {
    const env = { DATA_DIR: tmpDir() };
    const shown = await broadsheet(['settings'], env);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain('moderationMode=first_time\n');
    expect(shown.stdout).toContain('bannedWords=[]\n');
    expect(shown.stdout).toContain('feedFullText=true\n');
    const excerpts = await broadsheet(['settings', 'set', 'feedFullText=false'], env);
    expect([excerpts.code, excerpts.stdout]).toEqual([0, 'feedFullText=false\n']);
    const set = await broadsheet(['settings', 'set', 'guestComments=true', 'moderationMode=all', 'bannedWords=scumbag, idiot', 'commentLimitPerIp=50'], env);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toBe('guestComments=true\nmoderationMode="all"\nbannedWords=["scumbag","idiot"]\ncommentLimitPerIp=50\n');
    const refused = await broadsheet(['settings', 'set', 'moderationMode=none', 'commentLimitPerIp=0'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toBe('broadsheet: commentLimitPerIp must be a whole number from 1 to 10000.');
    const unknown = await broadsheet(['settings', 'set', 'colour=red'], env);
    expect([unknown.code, unknown.stderr.trim()]).toEqual([2, 'broadsheet: "colour" is not a setting; run "broadsheet settings" for the list']);
    const notBool = await broadsheet(['settings', 'set', 'guestComments=yes'], env);
    expect([notBool.code, notBool.stderr.trim()]).toEqual([2, 'broadsheet: guestComments takes true or false, not "yes"']);
    const after = await broadsheet(['settings'], env);
    // The refused change left everything as it was.
    expect(after.stdout).toContain('moderationMode=all\n');
    expect(after.stdout).toContain('commentLimitPerIp=50\n');
  });

  it('makes the demo searchable, and rebuilds the search index on request', async () => {
    const dataDir = tmpDir();
    const empty = await broadsheet(['search-reindex'], { DATA_DIR: dataDir });
    expect(empty.code, empty.stderr).toBe(0);
    expect(empty.stdout.trim()).toBe('Search index rebuilt: 0 articles.');
    expect((await broadsheet(['seed-demo'], { DATA_DIR: dataDir })).code).toBe(0);
    // Seeded by one process, searched through the server in another.
    const server = await serve({ DATA_DIR: dataDir }, []);
    const found = await (await fetch(`${server.base}/api/v1/search?q=council`)).json();
    await server.stop();
    expect(found.meta.total).toBeGreaterThan(0);
    const rebuilt = await broadsheet(['search-reindex'], { DATA_DIR: dataDir });
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(rebuilt.stdout).toBe('  47 of 47 articles\nSearch index rebuilt: 47 articles.\n');
    const bad = await broadsheet(['search-reindex', 'now'], { DATA_DIR: dataDir });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('broadsheet: search-reindex takes no arguments (got "now"); run "broadsheet help" for usage');
  });

  it('seeds the demo on PostgreSQL too', async () => {
    const schema = `cli_${process.pid}_${Date.now()}`;
    const url = `${TEST_PG_URL}${TEST_PG_URL.includes('?') ? '&' : '?'}schema=${schema}`;
    try {
      const seed = await broadsheet(['seed-demo'], { DATABASE_URL: url, DATA_DIR: tmpDir() });
      expect(seed.code, seed.stderr).toBe(0);
      expect(seed.stdout).toMatch(/Demo content added: 47 articles/);
    } finally {
      const client = new pg.Client({ connectionString: TEST_PG_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    }
  });
});
