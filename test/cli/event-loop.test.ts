import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assertBuilt, broadsheet, serve } from '../helpers/cli.js';

/* The server watches its own event loop from the moment it serves. */

const tmpDirs: string[] = [];
function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-cli-loop-'));
  tmpDirs.push(d);
  return d;
}
assertBuilt();
afterAll(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('serve: event loop monitor', () => {
  it('logs the event loop every 5 s when EVENT_LOOP_WARN_MS is 0, and still stops cleanly', async () => {
    const server = await serve({ DATA_DIR: tmpDir(), EVENT_LOOP_WARN_MS: '0' });
    const lines: Record<string, unknown>[] = [];
    let partial = '';
    server.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) if (line.startsWith('{')) lines.push(JSON.parse(line) as Record<string, unknown>);
    });
    const deadline = Date.now() + 15_000;
    while (!lines.some((l) => l.msg === 'event loop blocked') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    await server.stop();
    const report = lines.find((l) => l.msg === 'event loop blocked');
    expect(report).toMatchObject({ level: 40, maxMs: expect.any(Number), p99Ms: expect.any(Number) });
    expect(server.child.exitCode).toBe(0);
  });

  it('refuses a threshold that is not a whole number of milliseconds, like any bad setting (exit 2)', async () => {
    const run = await broadsheet(['serve'], { DATA_DIR: tmpDir(), EVENT_LOOP_WARN_MS: 'twenty' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('EVENT_LOOP_WARN_MS: "twenty" is not a whole number of milliseconds from 0 to 60000');
  });
});
