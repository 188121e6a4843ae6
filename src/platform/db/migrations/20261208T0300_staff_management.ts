import type { Kysely } from 'kysely';

/*
 * Managing staff from the newsroom: when an account was disabled and when it
 * last signed in (for the staff list), and what an emailed link is for — a
 * forgotten password ('reset') or an invitation to set a first one
 * ('invite'), which share the password_resets table and its token rules.
 * Frozen: later changes go in new migrations.
 */

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('accounts').addColumn('disabled_at', 'varchar(32)').execute();
  await db.schema.alterTable('accounts').addColumn('last_sign_in_at', 'varchar(32)').execute();
  await db.schema
    .alterTable('password_resets')
    .addColumn('purpose', 'varchar(16)', (c) => c.notNull().defaultTo('reset'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('password_resets').dropColumn('purpose').execute();
  await db.schema.alterTable('accounts').dropColumn('last_sign_in_at').execute();
  await db.schema.alterTable('accounts').dropColumn('disabled_at').execute();
}
