import { describe, expect, it } from 'vitest';
import { liveSession, openingTimes, SESSION_IDLE_MS, SESSION_MAX_MS, SESSION_TOUCH_EVERY_MS, sessionRenewal } from './sessions.js';

const start = new Date('2026-01-01T00:00:00.000Z');
const later = (ms: number) => new Date(start.getTime() + ms);

describe('session renewal', () => {
  it('opens a session that ends after the idle time', () => {
    expect(openingTimes(start)).toEqual({
      created_at: '2026-01-01T00:00:00.000Z',
      last_seen_at: '2026-01-01T00:00:00.000Z',
      expires_at: later(SESSION_IDLE_MS).toISOString(),
    });
  });

  it('writes nothing while the session was seen lately', () => {
    expect(sessionRenewal(openingTimes(start), later(SESSION_TOUCH_EVERY_MS - 1))).toBe('fresh');
  });

  it('pushes the idle expiry on once the touch interval has passed', () => {
    const at = later(SESSION_TOUCH_EVERY_MS);
    expect(sessionRenewal(openingTimes(start), at)).toEqual({
      touch: { last_seen_at: at.toISOString(), expires_at: new Date(at.getTime() + SESSION_IDLE_MS).toISOString() },
    });
  });

  it('never pushes the expiry past the hard limit from creation', () => {
    const session = { ...openingTimes(start), last_seen_at: later(SESSION_MAX_MS - SESSION_IDLE_MS).toISOString(), expires_at: later(SESSION_MAX_MS).toISOString() };
    const at = later(SESSION_MAX_MS - 1000);
    expect(sessionRenewal(session, at)).toEqual({ touch: { last_seen_at: at.toISOString(), expires_at: later(SESSION_MAX_MS).toISOString() } });
  });

  it('is expired from the moment it expires, not a millisecond later', () => {
    const session = openingTimes(start);
    expect(sessionRenewal(session, later(SESSION_IDLE_MS - 1))).not.toBe('expired');
    expect(sessionRenewal(session, later(SESSION_IDLE_MS))).toBe('expired');
  });
});

describe('liveSession', () => {
  const at = (iso: string) => new Date(iso);
  function store(session: { created_at: string; last_seen_at: string; expires_at: string } | undefined) {
    const calls: string[] = [];
    return {
      calls,
      find: async () => session,
      remove: async (id: string) => void calls.push(`remove ${id}`),
      touch: async (id: string, lastSeenAt: string, expiresAt: string) => void calls.push(`touch ${id} ${lastSeenAt} ${expiresAt}`),
    };
  }
  const opened = { created_at: '2024-03-01T00:00:00.000Z', last_seen_at: '2024-03-01T00:00:00.000Z', expires_at: '2024-03-15T00:00:00.000Z' };

  it('deletes an expired session and answers nothing', async () => {
    const s = store(opened);
    expect(await liveSession(s, 'x', at('2024-03-15T00:00:00.000Z'))).toBeUndefined();
    expect(s.calls).toEqual(['remove x']);
  });

  it('writes nothing for a session used moments ago', async () => {
    const s = store(opened);
    expect(await liveSession(s, 'x', at('2024-03-01T00:01:00.000Z'))).toBe(opened);
    expect(s.calls).toEqual([]);
  });

  it('pushes a stale session on, never past its hard limit', async () => {
    const s = store(opened);
    expect(await liveSession(s, 'x', at('2024-03-14T00:00:00.000Z'))).toBe(opened);
    expect(s.calls).toEqual(['touch x 2024-03-14T00:00:00.000Z 2024-03-28T00:00:00.000Z']);
    // Opened 30 days before 21 March: that is as far as it can go.
    const old = store({ ...opened, created_at: '2024-02-20T00:00:00.000Z' });
    await liveSession(old, 'x', at('2024-03-14T00:00:00.000Z'));
    expect(old.calls).toEqual(['touch x 2024-03-14T00:00:00.000Z 2024-03-21T00:00:00.000Z']);
  });

  it('answers nothing for an unknown session', async () => {
    expect(await liveSession(store(undefined), 'x', at('2024-03-01T00:00:00.000Z'))).toBeUndefined();
  });
});
