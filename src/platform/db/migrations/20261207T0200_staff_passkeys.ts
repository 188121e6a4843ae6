import { type Kysely, PostgresAdapter } from 'kysely';

/*
 * Passkeys (WebAuthn credentials) staff sign in with instead of a password:
 * one row per credential, with its public key, the signature counter last
 * seen, and the random handle the authenticator knows its account by (the
 * same for every passkey of an account). Challenges handed to browsers wait
 * in staff_passkey_challenges for at most five minutes, and are used once.
 * Frozen: later changes go in new migrations.
 */

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const table = db.schema.createTable('staff_passkeys');
  await (pg ? table.addColumn('id', 'serial', (c) => c.primaryKey()) : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()))
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('credential_id', 'varchar(1400)', (c) => c.notNull().unique())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('counter', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('transports', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('user_handle', 'varchar(100)', (c) => c.notNull())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('backed_up', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('last_used_at', 'varchar(32)')
    .execute();
  await db.schema.createIndex('staff_passkeys_account_idx').on('staff_passkeys').column('account_id').execute();

  await db.schema
    .createTable('staff_passkey_challenges')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('purpose', 'varchar(20)', (c) => c.notNull())
    .addColumn('challenge', 'varchar(200)', (c) => c.notNull())
    .addColumn('account_id', 'integer', (c) => c.references('accounts.id').onDelete('cascade'))
    .addColumn('session_id', 'varchar(64)')
    .addColumn('user_handle', 'varchar(100)')
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('staff_passkey_challenges_expires_idx').on('staff_passkey_challenges').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('staff_passkey_challenges').execute();
  await db.schema.dropTable('staff_passkeys').execute();
}
