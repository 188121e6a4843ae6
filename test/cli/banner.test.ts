import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, broadsheet, serve } from '../helpers/cli.js';

/** What `broadsheet serve` tells a newcomer: where the newsroom is, and how the first admin is made. */
describe('broadsheet serve: the start-up banner', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-cli-banner-'));
  const env = { DATA_DIR: dataDir, SITE_URL: 'https://news.example.test', WORKERS: '1' };
  beforeAll(() => assertBuilt());
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  /** Serve until the banner is out, then stop; what it printed. */
  async function banner(): Promise<string> {
    const s = await serve(env);
    try {
      for (let i = 0; i < 100 && !s.stdout().includes('The newsroom is at'); i++) await new Promise((r) => setTimeout(r, 100));
      return s.stdout();
    } finally {
      await s.stop();
    }
  }

  it('names the newsroom, and the setup page and create-user only while there is no admin', async () => {
    const first = await banner();
    expect(first).toContain('The newsroom is at https://news.example.test/admin\n');
    expect(first).toContain(
      'No admin yet: open https://news.example.test/admin/setup with the setup code ("broadsheet setup-code" prints it), or run "broadsheet create-user --email EMAIL --role admin".',
    );
    expect((await broadsheet(['create-user', '--email', 'ana@example.org', '--role', 'admin'], env)).code).toBe(0);
    const later = await banner();
    expect(later).toContain('The newsroom is at https://news.example.test/admin\n');
    expect(later).not.toContain('No admin yet');
  }, 180_000);
});
