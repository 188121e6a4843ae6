import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, broadsheet } from '../helpers/cli.js';

describe('broadsheet settings: twoFactorRequiredFor', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-cli-two-step-'));
  beforeAll(() => assertBuilt());
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('shows nobody by default, takes the offered choices, and refuses others with the list', async () => {
    const env = { DATA_DIR: dataDir };
    const shown = await broadsheet(['settings'], env);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain('twoFactorRequiredFor=nobody\n');
    const set = await broadsheet(['settings', 'set', 'twoFactorRequiredFor=admins-and-editors'], env);
    expect([set.code, set.stdout]).toEqual([0, 'twoFactorRequiredFor="admins-and-editors"\n']);
    const refused = await broadsheet(['settings', 'set', 'twoFactorRequiredFor=everyone'], env);
    expect([refused.code, refused.stderr.trim()]).toEqual([1, 'broadsheet: "everyone" is not a choice for twoFactorRequiredFor; use nobody, admins or admins-and-editors.']);
    expect((await broadsheet(['settings'], env)).stdout).toContain('twoFactorRequiredFor=admins-and-editors\n');
  });
});
