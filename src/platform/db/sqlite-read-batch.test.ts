import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from './database.js';

/*
 * Reads outside a transaction share one read transaction until the event
 * loop turns (sqlite-read-batch.ts). Two handles on one file stand for two
 * processes.
 */

let dir: string;
let handles: DatabaseHandle[];

async function open(): Promise<DatabaseHandle> {
  const handle = await openDatabase({ dialect: 'sqlite', url: path.join(dir, 'site.db') });
  handles.push(handle);
  return handle;
}

const count = async (h: DatabaseHandle) => Number((await sql<{ n: number }>`select count(*) as n from notes`.execute(h.db)).rows[0]!.n);
const insert = (h: DatabaseHandle, body: string) => sql`insert into notes (body) values (${body})`.execute(h.db);
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-batch-'));
  handles = [];
  const first = await open();
  await sql`create table notes (id integer primary key, body text not null)`.execute(first.db);
});

afterEach(async () => {
  for (const h of handles) await h.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('reads batched until the event loop turns (SQLite)', () => {
  it('reads in one turn see one snapshot; the next turn sees what another process wrote meanwhile', async () => {
    const [a, b] = [handles[0]!, await open()];
    expect(await count(a)).toBe(0);
    // Another process writes between two reads of the same turn (awaited promises, no macrotask).
    await insert(b, 'from b');
    expect(await count(a)).toBe(0);
    await nextTurn();
    expect(await count(a)).toBe(1);
  });

  it('freshReads() ends the snapshot at once: a process told of another’s change reads it in the same turn', async () => {
    const [a, b] = [handles[0]!, await open()];
    expect(await count(a)).toBe(0);
    await insert(b, 'from b');
    a.freshReads();
    expect(await count(a)).toBe(1);
  });

  it('a write after reads in the same turn commits at once, even when another process wrote since those reads', async () => {
    const [a, b] = [handles[0]!, await open()];
    expect(await count(a)).toBe(0);
    await insert(b, 'from b');
    // Inside a deferred read transaction this write would fail with SQLITE_BUSY_SNAPSHOT,
    // and succeed only after waiting for the loop to turn: it must not wait.
    let turned = false;
    setImmediate(() => (turned = true));
    await insert(a, 'from a');
    expect(turned).toBe(false);
    // Committed now, not at the end of the turn: the other process sees it before the loop turns.
    expect(await count(b)).toBe(2);
    expect(await count(a)).toBe(2);
  });

  it('a transaction that writes can begin right after reads in the same turn', async () => {
    const [a, b] = [handles[0]!, await open()];
    expect(await count(a)).toBe(0);
    await insert(b, 'from b');
    let turned = false;
    setImmediate(() => (turned = true));
    await a.db.transaction().execute(async (trx) => {
      await sql`insert into notes (body) values ('in a transaction')`.execute(trx);
    });
    expect(turned).toBe(false);
    expect(await count(b)).toBe(2);
  });

  it('a read-only transaction and a stream can follow reads in the same turn', async () => {
    const a = handles[0]!;
    await insert(a, 'one');
    expect(await count(a)).toBe(1);
    const inTransaction = await a.db
      .transaction()
      .setAccessMode('read only')
      .execute(async (trx) => Number((await sql<{ n: number }>`select count(*) as n from notes`.execute(trx)).rows[0]!.n));
    expect(inTransaction).toBe(1);
    expect(await count(a)).toBe(1);
    const streamed: string[] = [];
    for await (const row of a.db
      .selectFrom('notes' as never)
      .select('body' as never)
      .stream())
      streamed.push((row as { body: string }).body);
    expect(streamed).toEqual(['one']);
    await nextTurn();
    expect(await count(a)).toBe(1);
  });

  it('a read that fails leaves the connection usable, and the batch ends with the turn', async () => {
    const a = handles[0]!;
    await expect(sql`select * from no_such_table`.execute(a.db)).rejects.toThrow(/no such table/);
    expect(await count(a)).toBe(0);
    await nextTurn();
    await insert(a, 'after');
    expect(await count(a)).toBe(1);
  });
});
