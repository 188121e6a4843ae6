import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_ACTIONS, can, ROLES } from '../../src/modules/accounts/permissions.js';

/** docs/roles.md states the matrix; this walks every cell of it against the code. */
const doc = fs.readFileSync(path.resolve(import.meta.dirname, '../../docs/roles.md'), 'utf8');
const rows = doc
  .split('\n')
  .filter((l) => l.startsWith('| `'))
  .map((l) =>
    l
      .split('|')
      .map((c) => c.trim())
      .filter(Boolean),
  );
const header = doc
  .split('\n')
  .find((l) => l.startsWith('| action'))!
  .split('|')
  .map((c) => c.trim())
  .filter(Boolean)
  .slice(1);

describe('permission matrix', () => {
  it('documents every action and every role', () => {
    expect(header).toEqual(ROLES);
    expect(rows.map((r) => /`([^`]+)`/.exec(r[0]!)![1]).sort()).toEqual([...ALL_ACTIONS].sort());
  });

  for (const row of rows) {
    const action = /`([^`]+)`/.exec(row[0]!)![1]!;
    for (const [i, role] of header.entries()) {
      const cell = row[i + 1];
      it(`${role} ${cell === 'yes' ? 'may' : 'may not'} ${action}`, () => {
        expect(['yes', 'no']).toContain(cell);
        expect(can(role as never, action as never)).toBe(cell === 'yes');
      });
    }
  }
});
