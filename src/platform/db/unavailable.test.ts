import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, isPoolExhausted } from './unavailable.js';

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it('knows an unreachable server, a lost connection, a missing database or schema, a read-only standby', () => {
    for (const err of [
      withCode('ECONNREFUSED'),
      withCode('ENOTFOUND'),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      withCode('57P01', 'terminating connection due to administrator command'),
      withCode('3D000', 'database "news" does not exist'),
      withCode('42P01', 'relation "articles" does not exist'),
      withCode('08006'),
      withCode('53200', 'out of memory'),
      withCode('25006', 'cannot execute UPDATE in a read-only transaction'),
      withCode('SQLITE_IOERR_WRITE'),
      withCode('SQLITE_READONLY'),
      withCode('SQLITE_ERROR', 'no such table: articles'),
      new AggregateError([withCode('ECONNREFUSED')]),
    ]) {
      expect(isDatabaseUnavailable(err), err.message).toBe(true);
    }
  });

  it('leaves a full disk to its own answer (507), in whatever order the two are asked', () => {
    for (const err of [withCode('53100', 'could not extend file: No space left on device'), withCode('SQLITE_FULL', 'database or disk is full')])
      expect(isDatabaseUnavailable(err), err.message).toBe(false);
  });

  it('leaves our own mistakes as mistakes', () => {
    for (const err of [
      new Error('boom'),
      new TypeError('x is undefined'),
      withCode('23505', 'duplicate key'),
      withCode('42703', 'column "x" does not exist'),
      withCode('SQLITE_ERROR', 'near "selec": syntax error'),
      withCode('SQLITE_CONSTRAINT_UNIQUE'),
      'a string',
      null,
    ]) {
      expect(isDatabaseUnavailable(err)).toBe(false);
    }
  });
});

describe('isPoolExhausted', () => {
  it('knows a query that waited too long for a pooled connection, and nothing else', () => {
    expect(isPoolExhausted(new Error('timeout exceeded when trying to connect'))).toBe(true);
    for (const err of [new Error('Connection terminated due to connection timeout'), withCode('ECONNREFUSED'), withCode('53300', 'sorry, too many clients already'), new Error('timeout exceeded')]) {
      expect(isPoolExhausted(err), err.message).toBe(false);
    }
    expect(isPoolExhausted('timeout exceeded when trying to connect')).toBe(false);
  });
});
