import { describe, expect, it } from 'vitest';
import { openingTimes, SESSION_IDLE_MS, SESSION_MAX_MS, SESSION_TOUCH_EVERY_MS, sessionRenewal } from './sessions.js';

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
