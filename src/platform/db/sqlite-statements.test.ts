import SQLite from 'better-sqlite3';
import { type Generated, Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { cacheStatements } from './sqlite-statements.js';

describe('cacheStatements', () => {
  const opened: SQLite.Database[] = [];
  const open = () => {
    const conn = new SQLite(':memory:');
    opened.push(conn);
    conn.exec('create table t (id integer primary key, name text)');
    return conn;
  };
  afterEach(() => {
    for (const c of opened.splice(0)) c.close();
  });

  it('hands out the same compiled statement for the same SQL', () => {
    const conn = cacheStatements(open());
    const a = conn.prepare('select * from t where id = ?');
    expect(conn.prepare('select * from t where id = ?')).toBe(a);
    expect(conn.prepare('select * from t where id > ?')).not.toBe(a);
  });

  it('never hands out a statement that is still being iterated', () => {
    const conn = cacheStatements(open());
    conn.prepare('insert into t (name) values (?)').run('a');
    conn.prepare('insert into t (name) values (?)').run('b');
    const first = conn.prepare('select name from t order by id');
    const rows = first.iterate() as IterableIterator<{ name: string }>;
    expect(rows.next().value).toEqual({ name: 'a' });
    // better-sqlite3 allows no other query while an iterator is open, but compiling one is fine.
    expect(conn.prepare('select name from t order by id')).not.toBe(first);
    expect(rows.next().value).toEqual({ name: 'b' });
    expect(rows.next().done).toBe(true);
    expect(conn.prepare('select name from t order by id')).toBe(first);
  });

  it('keeps at most the given number, dropping the least recently used', () => {
    const conn = cacheStatements(open(), 2);
    const one = conn.prepare('select 1');
    const two = conn.prepare('select 2');
    expect(conn.prepare('select 1')).toBe(one); // now the most recent
    conn.prepare('select 3'); // evicts "select 2"
    expect(conn.prepare('select 1')).toBe(one);
    expect(conn.prepare('select 2')).not.toBe(two);
  });

  it('sees a schema change made after a statement was cached', () => {
    const conn = cacheStatements(open());
    conn.prepare('insert into t (name) values (?)').run('a');
    expect(conn.prepare('select * from t').all()).toEqual([{ id: 1, name: 'a' }]);
    conn.exec("alter table t add column note text default 'n'");
    expect(conn.prepare('select * from t').all()).toEqual([{ id: 1, name: 'a', note: 'n' }]);
  });

  it('leaves the rest of the connection as it was, through Kysely too', async () => {
    const raw = open();
    const conn = cacheStatements(raw);
    expect(conn.open).toBe(true);
    expect(conn.inTransaction).toBe(false);
    const db = new Kysely<{ t: { id: Generated<number>; name: string } }>({ dialect: new SqliteDialect({ database: conn }) });
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('t').values({ name: 'x' }).execute();
      expect(raw.inTransaction).toBe(true);
    });
    const { rows } = await sql<{ n: number }>`select count(*) as n from t`.execute(db);
    expect(rows[0]!.n).toBe(1);
  });
});
