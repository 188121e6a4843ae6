import crypto from 'node:crypto';
import { PostgresAdapter, sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';

/**
 * The one-time code that lets a visitor create the first admin. It is
 * derived from the installation secret, so every process of the site (and
 * `broadsheet setup-code`) knows the same code without storing it, and only
 * someone who can read the server's log or run its command line learns it.
 */
const PURPOSE = 'broadsheet first-admin setup code v1';
/** 32 letters and digits, none easily mistaken for another (no I, O, 0, 1). */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const LENGTH = 16;

/** The setup code for an installation secret: 16 characters (80 bits) in groups of four, e.g. "K7QM-2XWD-9TRB-HN4P". */
export function setupCodeFor(secret: Buffer): string {
  const bytes = crypto.createHmac('sha256', secret).update(PURPOSE).digest();
  let code = '';
  for (let i = 0; i < LENGTH; i++) code += ALPHABET[bytes[i]! & 31];
  return code.match(/.{4}/g)!.join('-');
}

/** What a person typed, without case, spaces or dashes. */
const normalise = (typed: string): string => typed.toUpperCase().replace(/[^A-Z0-9]/g, '');

/** Whether a typed code is this installation's, compared in constant time whatever was typed. */
export function setupCodeMatches(secret: Buffer, typed: unknown): boolean {
  const digest = (s: string) => crypto.createHash('sha256').update(s).digest();
  const expected = digest(normalise(setupCodeFor(secret)));
  const given = digest(normalise(typeof typed === 'string' ? typed.slice(0, 200) : ''));
  return crypto.timingSafeEqual(expected, given);
}

/**
 * Inside a transaction: wait until no other transaction is creating the
 * first admin, so "no admin yet" and the insert it allows happen as one.
 * PostgreSQL takes an advisory lock, released at commit; on SQLite every
 * writing transaction already begins IMMEDIATE, one at a time.
 */
export async function lockFirstAdmin(trx: Db): Promise<void> {
  if (!(trx.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`select pg_advisory_xact_lock(hashtext(${'accounts:first-admin'}))`.execute(trx);
}
