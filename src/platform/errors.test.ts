import { describe, expect, it } from 'vitest';
import { AppError, diskFull, isDiskFull } from './errors.js';

describe('recognising a full disk', () => {
  it('knows SQLite’s SQLITE_FULL, Node’s ENOSPC and PostgreSQL’s disk_full (SQLSTATE 53100)', () => {
    const sqlite = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    const node = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28 });
    // What pg throws: a DatabaseError whose code is the SQLSTATE.
    const postgres = Object.assign(new Error('could not extend file "base/16384/16385": No space left on device'), { code: '53100', severity: 'ERROR' });
    for (const err of [sqlite, node, postgres, diskFull()]) expect(isDiskFull(err), err.message).toBe(true);
    // Wrapped by whoever caught it first.
    expect(isDiskFull(new Error('saving the comment failed', { cause: postgres }))).toBe(true);
  });

  it('does not take other failures for a full disk', () => {
    for (const code of ['SQLITE_BUSY', 'SQLITE_ERROR', 'EACCES', '53200', '23505', undefined]) {
      expect(isDiskFull(Object.assign(new Error('other'), { code })), String(code)).toBe(false);
    }
    expect(isDiskFull(new AppError('busy', 503, 'busy'))).toBe(false);
    expect(isDiskFull(null)).toBe(false);
    expect(isDiskFull('ENOSPC')).toBe(false);
  });

  it('answers 507 with a message for people', () => {
    const err = diskFull();
    expect(err.status).toBe(507);
    expect(err.code).toBe('disk_full');
    expect(err.message).toBe("The server's disk is full; nothing was saved. Please try again later.");
  });
});
