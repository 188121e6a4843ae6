import { describe, expect, it } from 'vitest';
import { settingsChanges } from './settings.audit.js';

describe('settingsChanges', () => {
  it('names only the keys that changed, old and new, and hides secret-looking values', () => {
    const before = { name: 'Ledger', tagline: 'News', bannedWords: ['a'], smtpPassword: 'hunter2', timezone: 'UTC' };
    const after = { name: 'The Ledger', tagline: 'News', bannedWords: ['a', 'b'], smtpPassword: 'swordfish', timezone: 'UTC' };
    expect(settingsChanges(before, after)).toEqual({
      bannedWords: { from: ['a'], to: ['a', 'b'] },
      name: { from: 'Ledger', to: 'The Ledger' },
      smtpPassword: { from: '(hidden)', to: '(hidden)' },
    });
    expect(JSON.stringify(settingsChanges(before, after))).not.toContain('hunter2');
    expect(settingsChanges(before, before)).toEqual({});
  });
});
