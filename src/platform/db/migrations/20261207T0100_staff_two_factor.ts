import type { Kysely } from 'kysely';

/*
 * Two-step sign-in for staff: each account's authenticator secret (a pending
 * one until the person confirms it with a code) and the last time step a code
 * was accepted for (so no code works twice); single-use recovery codes, kept
 * as hashes; and the short-lived step between a right password and a right
 * code. Sessions also keep the address they were opened from, for the
 * account page's list of sessions.
 * Frozen: later changes go in new migrations.
 */

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('sessions')
    .addColumn('ip_address', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .execute();

  await db.schema
    .createTable('staff_two_factor')
    .addColumn('account_id', 'integer', (c) => c.primaryKey().references('accounts.id').onDelete('cascade'))
    .addColumn('secret', 'varchar(64)')
    .addColumn('pending_secret', 'varchar(64)')
    .addColumn('last_used_step', 'integer')
    .addColumn('enabled_at', 'varchar(32)')
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('staff_recovery_codes')
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('code_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('used_at', 'varchar(32)')
    .addPrimaryKeyConstraint('staff_recovery_codes_pk', ['account_id', 'code_hash'])
    .execute();

  await db.schema
    .createTable('staff_sign_in_steps')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('next', 'varchar(300)', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('staff_sign_in_steps_account_idx').on('staff_sign_in_steps').column('account_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['staff_sign_in_steps', 'staff_recovery_codes', 'staff_two_factor']) await db.schema.dropTable(t).ifExists().execute();
  await db.schema.alterTable('sessions').dropColumn('ip_address').execute();
}
