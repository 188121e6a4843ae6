import { type Kysely, sql } from 'kysely';

/*
 * Each revision says what made it: an autosave, a save by hand, a workflow
 * step (submit, publish, …), a restore, the first draft or an import.
 * Revisions kept before this say 'save'.
 *
 * Workflow steps raised an article's version without keeping a revision, so
 * the editor's "Version 10" could have no revision 10. Each article whose
 * version has no revision gets one now, of the story as it stands (its
 * settings as its newest revision kept them), marked 'workflow'.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('article_revisions')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('save'))
    .execute();
  await sql`
    insert into article_revisions (article_id, version, headline, dek, body, fields, account_id, created_at, kind)
    select a.id, a.version, a.headline, a.dek, a.body,
      (select r.fields from article_revisions r where r.article_id = a.id order by r.version desc limit 1),
      a.status_changed_by, a.modified_at, 'workflow'
    from articles a
    where exists (select 1 from article_revisions r where r.article_id = a.id)
      and not exists (select 1 from article_revisions r where r.article_id = a.id and r.version = a.version)
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('article_revisions').dropColumn('kind').execute();
}
