import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../errors.js';
import { type DatabaseHandle, openDatabase } from './database.js';

/*
 * Two handles on one SQLite file stand for two processes (each handle is a
 * connection of its own, as each worker's is).
 */

let dir: string;
let handles: DatabaseHandle[];

async function open(busyLimitMs?: number): Promise<DatabaseHandle> {
  const handle = await openDatabase({ dialect: 'sqlite', url: path.join(dir, 'site.db') }, busyLimitMs === undefined ? {} : { busyLimitMs });
  handles.push(handle);
  return handle;
}

const count = async (h: DatabaseHandle) => Number((await sql<{ n: number }>`select count(*) as n from notes`.execute(h.db)).rows[0]!.n);
const insert = (h: DatabaseHandle, body: string) => sql`insert into notes (body) values (${body})`.execute(h.db);

/** A promise and the function that settles it. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** Hold the write lock through `holder` until `release` is called; resolves once it is held. */
async function holdWriteLock(holder: DatabaseHandle, release: Promise<void>): Promise<{ done: Promise<void> }> {
  const held = gate();
  const done = holder.db.transaction().execute(async (trx) => {
    // Reads first, then writes: the order in which a plain BEGIN would fail.
    await sql`select count(*) from notes`.execute(trx);
    held.open();
    await release;
    await sql`insert into notes (body) values ('holder')`.execute(trx);
  });
  await held.opened;
  return { done };
}

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-sqlite-'));
  handles = [];
  const first = await open();
  await sql`create table notes (id integer primary key, body text not null)`.execute(first.db);
});

afterEach(async () => {
  for (const h of handles) await h.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('SQLite writes from several connections', () => {
  it('a write transaction holds the lock from its start: another connection’s write waits for it and both succeed', async () => {
    const [a, b] = [handles[0]!, await open()];
    const release = gate();
    const { done: holding } = await holdWriteLock(a, release.opened);
    const order: string[] = [];
    const waiting = insert(b, 'waiter').then(() => order.push('waiter'));
    // Longer than SQLite's own busy timeout: the waiter is waiting without blocking this process.
    await new Promise((r) => setTimeout(r, 100));
    order.push('released');
    release.open();
    await holding;
    await waiting;
    expect(order).toEqual(['released', 'waiter']);
    expect(await count(b)).toBe(2);
  });

  it('two transactions that read then write, on two connections, both commit (a plain BEGIN would fail one with "database is locked")', async () => {
    const [a, b] = [handles[0]!, await open()];
    const release = gate();
    const { done: holding } = await holdWriteLock(a, release.opened);
    const other = b.db.transaction().execute(async (trx) => {
      await sql`select count(*) from notes`.execute(trx);
      await sql`insert into notes (body) values ('other')`.execute(trx);
    });
    setTimeout(release.open, 50);
    await expect(Promise.all([holding, other])).resolves.toBeDefined();
    expect(await count(a)).toBe(2);
  });

  it('reads and read-only transactions do not wait for another connection’s write lock', async () => {
    const [a, b] = [handles[0]!, await open(200)];
    const release = gate();
    const { done: holding } = await holdWriteLock(a, release.opened);
    expect(await count(b)).toBe(0);
    const inSnapshot = await b.db
      .transaction()
      .setAccessMode('read only')
      .execute(async (trx) => Number((await sql<{ n: number }>`select count(*) as n from notes`.execute(trx)).rows[0]!.n));
    expect(inSnapshot).toBe(0);
    release.open();
    await holding;
  });

  it('this connection’s reads go on while one of its writes waits for the lock', async () => {
    const [a, b] = [handles[0]!, await open()];
    const release = gate();
    const { done: holding } = await holdWriteLock(a, release.opened);
    let written = false;
    const waiting = insert(b, 'waiter').then(() => (written = true));
    await new Promise((r) => setTimeout(r, 30));
    expect(await count(b)).toBe(0);
    expect(written).toBe(false);
    release.open();
    await Promise.all([holding, waiting]);
    expect(written).toBe(true);
  });

  it('a write and a transaction that wait for the lock still begin cleanly when this connection reads between their tries', async () => {
    const [a, b] = [handles[0]!, await open()];
    const release = gate();
    const { done: holding } = await holdWriteLock(a, release.opened);
    // Reads on b all along, several each millisecond, as other requests of a busy worker make: each opens a
    // read batch that ends with its turn, and a retry of the waiting write can fall in the same turn.
    let reads = 0;
    const timers = Array.from({ length: 600 }, (_, i) => setTimeout(() => void count(b).then(() => reads++), i / 6));
    try {
      const waitingWrite = insert(b, 'waiting write');
      const waitingTransaction = b.db.transaction().execute(async (trx) => {
        await sql`insert into notes (body) values ('waiting transaction')`.execute(trx);
      });
      await new Promise((r) => setTimeout(r, 60));
      release.open();
      await Promise.all([holding, waitingWrite, waitingTransaction]);
    } finally {
      for (const t of timers) clearTimeout(t);
    }
    expect(reads).toBeGreaterThan(100);
    await new Promise((r) => setImmediate(r));
    expect(await count(b)).toBe(3);
    expect(await count(a)).toBe(3);
  });

  it('a write that waits longer than the limit fails with a clear 503 "busy", and nothing is written', async () => {
    const [a, b] = [handles[0]!, await open(150)];
    const release = gate();
    const { done: holding } = await holdWriteLock(a, release.opened);
    const single = await insert(b, 'late').catch((err: unknown) => err);
    const inTransaction = await b.db
      .transaction()
      .execute((trx) => sql`insert into notes (body) values ('late')`.execute(trx))
      .catch((err: unknown) => err);
    for (const err of [single, inTransaction]) {
      expect(isAppError(err)).toBe(true);
      expect(err).toMatchObject({ code: 'busy', status: 503 });
      expect((err as Error).message).not.toMatch(/locked/i);
    }
    release.open();
    await holding;
    expect(await count(b)).toBe(1);
    // The connection is usable again once the lock is free.
    await insert(b, 'after');
    expect(await count(b)).toBe(2);
  });
});

describe('SQLite writes when the database is full', () => {
  it('a transaction whose write finds no room fails with SQLITE_FULL, not with the rollback after it, and keeps what was stored', async () => {
    const h = await open();
    await insert(h, 'kept');
    const pages = (await sql<{ page_count: number }>`pragma page_count`.execute(h.db)).rows[0]!.page_count;
    // No page more than the database has now, as when the disk is full.
    await sql.raw(`pragma max_page_count = ${pages}`).execute(h.db);
    const failed = await h.db
      .transaction()
      .execute(async (trx) => {
        for (let i = 0; i < 100; i++) await sql`insert into notes (body) values (${'x'.repeat(5000)})`.execute(trx);
      })
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    // SQLite rolled the transaction back itself; a second ROLLBACK must not replace its error.
    expect((failed as { code?: string }).code).toBe('SQLITE_FULL');
    expect((await sql<{ body: string }>`select body from notes`.execute(h.db)).rows).toEqual([{ body: 'kept' }]);
    // The connection is usable again.
    await sql.raw('pragma max_page_count = 1073741823').execute(h.db);
    await insert(h, 'after');
    expect(await count(h)).toBe(2);
  });
});
