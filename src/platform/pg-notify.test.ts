import { describe, expect, it } from 'vitest';
import { channelName, parseMessage } from './pg-notify.js';

describe('channelName', () => {
  it('is scoped by schema, and never longer than PostgreSQL allows', () => {
    expect(channelName(undefined)).toBe('broadsheet_changes');
    expect(channelName('Site_A')).toBe('broadsheet_changes_site_a');
    const long = channelName('s'.repeat(63));
    expect(long).toMatch(/^broadsheet_changes_[0-9a-f]{32}$/);
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(63);
    expect(channelName('t'.repeat(63))).not.toBe(long);
  });
});

describe('parseMessage', () => {
  it('reads another process’s change', () => {
    expect(parseMessage('{"o":"other","k":"article","i":12}', 'me')).toEqual({ kind: 'article', id: 12 });
    expect(parseMessage('{"o":"other","k":"settings"}', 'me')).toEqual({ kind: 'settings' });
  });

  it('ignores its own changes and anything that is not a change', () => {
    for (const payload of [
      undefined,
      '',
      'not json',
      'null',
      '[]',
      '{"o":"me","k":"article","i":1}',
      '{"k":"article"}',
      '{"o":"other"}',
      '{"o":"other","k":""}',
      `{"o":"other","k":"${'x'.repeat(41)}"}`,
      '{"o":"other","k":"article","i":"12"}',
      '{"o":"other","k":"article","i":1.5}',
    ]) {
      expect(parseMessage(payload, 'me'), String(payload)).toBeUndefined();
    }
  });
});
