import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/usage.js';
import { assertBuilt, broadsheet } from '../helpers/cli.js';

describe('broadsheet --help on every command', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-cli-help-'));
  const env = { DATA_DIR: dataDir };
  beforeAll(() => assertBuilt());
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it.each(COMMANDS)(
    '"%s --help" and "-h" print that command\'s usage and exit 0',
    async (command) => {
      for (const flag of ['--help', '-h']) {
        const run = await broadsheet([command, flag], env);
        expect([run.code, run.stderr]).toEqual([0, '']);
        expect(run.stdout.split('\n')[0]).toBe(`Usage of broadsheet ${command}:`);
        expect(run.stdout).toContain(`  ${command}`);
        // Only that command: no other command's usage.
        expect(run.stdout).not.toContain('Commands:');
      }
    },
    120_000,
  );

  it('keeps "help" with the list, answers "help COMMAND", and refuses an unknown command in one line', async () => {
    const all = await broadsheet(['help'], env);
    expect(all.code).toBe(0);
    for (const c of COMMANDS) expect(all.stdout).toContain(`  ${c}`);
    const one = await broadsheet(['help', 'create-user'], env);
    expect([one.code, one.stdout.split('\n')[0]]).toEqual([0, 'Usage of broadsheet create-user:']);
    const subcommand = await broadsheet(['import', 'wordpress', '--help'], env);
    expect([subcommand.code, subcommand.stdout.split('\n')[0]]).toEqual([0, 'Usage of broadsheet import:']);
    const unknown = await broadsheet(['nope', '--help'], env);
    expect([unknown.code, unknown.stderr]).toEqual([2, 'broadsheet: unknown command "nope"; run "broadsheet help" for the list\n']);
  }, 120_000);
});

describe('broadsheet users', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-cli-users-'));
  const env = { DATA_DIR: dataDir, SITE_URL: 'https://news.example.test' };
  const run = (...args: string[]) => broadsheet(['users', ...args], env);
  beforeAll(() => assertBuilt());
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('lists, invites (the email lands in the outbox), changes roles, disables and enables, refusing the last admin', async () => {
    expect((await run('list')).stdout).toContain('No staff accounts yet');
    const admin = await broadsheet(['create-user', '--email', 'ana@example.org', '--role', 'admin', '--name', 'Ana Ruiz'], env);
    expect(admin.code, admin.stderr).toBe(0);

    const invited = await run('invite', '--email', 'Ben@Example.org', '--role', 'author', '--name', 'Ben Okafor');
    expect([invited.code, invited.stderr]).toEqual([0, '']);
    expect(invited.stdout).toContain('Invited ben@example.org as author');
    const outbox = path.join(dataDir, 'outbox');
    const mails = fs.readdirSync(outbox).map((f) => fs.readFileSync(path.join(outbox, f), 'utf8'));
    expect(mails.some((m) => m.includes('ben@example.org') && /https:\/\/news\.example\.test\/admin\/invitation\/[A-Za-z0-9_-]{43}/.test(m.replace(/=\r?\n/g, '')))).toBe(true);

    const listed = (await run('list')).stdout.split('\n').filter(Boolean);
    expect(listed).toHaveLength(2);
    expect(listed.find((l) => l.includes('ben@example.org'))).toMatch(/\tauthor\tinvited\tnever signed in\ttwo-step off\tBen Okafor$/);

    expect(await run('role', 'ben@example.org', 'editor')).toMatchObject({ code: 0, stdout: 'ben@example.org is now editor.\n' });
    expect(await run('disable', 'BEN@example.org')).toMatchObject({ code: 0, stdout: 'Disabled ben@example.org: its sessions have ended and its API tokens are revoked.\n' });
    expect((await run('list')).stdout).toMatch(/ben@example\.org\teditor\tdisabled/);
    expect(await run('enable', 'ben@example.org')).toMatchObject({ code: 0, stdout: 'Enabled ben@example.org: it can sign in again.\n' });

    const lastAdmin = await run('disable', 'ana@example.org');
    expect(lastAdmin.code).toBe(1);
    expect(lastAdmin.stderr.trim().split('\n')).toHaveLength(1);
    expect(lastAdmin.stderr).toContain('without an active admin');
    const demote = await run('role', 'ana@example.org', 'editor');
    expect(demote.code).toBe(1);
  }, 300_000);

  it('answers usage mistakes with one line and exit 2, and refusals with exit 1', async () => {
    const cases: [string[], number, string][] = [
      [[], 2, 'users needs one of: list, invite, role, disable, enable'],
      [['remove', 'x'], 2, '"remove" is not a users command'],
      [['invite', '--email', 'x@example.org'], 2, 'users invite needs --email and --role'],
      [['role', 'x@example.org'], 2, 'users role ACCOUNT ROLE'],
      [['disable'], 2, 'users disable ACCOUNT'],
      [['list', '--json'], 2, "users list: Unknown option '--json'"],
      [['role', 'nobody@example.org', 'editor'], 1, 'no staff account "nobody@example.org"'],
      [['invite', '--email', 'not-an-address', '--role', 'author'], 1, 'is not an email address'],
      [['invite', '--email', 'cy@example.org', '--role', 'chief'], 1, '"chief" is not a role'],
    ];
    for (const [args, code, message] of cases) {
      const r = await run(...args);
      expect([args, r.code], r.stderr).toEqual([args, code]);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(message);
    }
  }, 300_000);
});
