import { type RawBuilder, sql, type SqlBool } from 'kysely';

/*
 * "Contains this text, ignoring case" for plain LIKE searches. The text is
 * lower-cased and its %, _ and \ escaped, so what a person types is only
 * ever text; the column is lower-cased by the database. Both databases fold
 * A–Z; other letters as far as the database's lower() does (PostgreSQL with
 * a UTF-8 locale folds them, SQLite only folds ASCII).
 */

/** A LIKE pattern finding `text` anywhere: "50%_off" → "%50\%\_off%". */
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** `lower(column) LIKE pattern ESCAPE '\'`, for a pattern made by containsPattern. */
export function containsText(column: string, pattern: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`lower(${sql.ref(column)}) like ${pattern} escape ${sql.raw("'\\'")}`;
}
