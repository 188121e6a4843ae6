import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import {
  commonOperations,
  dayNumber,
  documentRow,
  replacedFromExcluded,
  filterConditions,
  HIT_COLUMNS,
  type RawHit,
  RANKED_MATCHES,
  RECENCY_DAYS,
  type SearchFilter,
  type SearchRepository,
  splitFound,
  toHit,
} from './search.repository.js';
import { isPrefixTerm } from './search.text.js';

/*
 * The index on SQLite: search_fts, an FTS5 table over search_documents
 * (external content, kept in step by the migration's triggers; unicode61
 * with remove_diacritics 2). Relevance is bm25 with column weights:
 * headline 10, dek 4, authors 4, tags 4, body 1.
 */

/**
 * An FTS5 query of the words, all required: each one quoted, so nothing in
 * it is an operator ("OR", "NEAR", "*", column filters), and words of four
 * letters or more marked as prefixes.
 */
export function ftsQuery(terms: string[]): string {
  return terms.map((t) => `"${t.replace(/"/g, '""')}"${isPrefixTerm(t) ? '*' : ''}`).join(' ');
}

/** Relevance times the recency factor: 1 + 1 / (1 + age in days / 30). */
function scored(f: SearchFilter) {
  const today = dayNumber(f.now);
  return sql`m.relevance * (1.0 + 1.0 / (1.0 + max(0.0, ${today} - m.published_day) / ${sql.raw(RECENCY_DAYS.toFixed(1))}))`;
}

/**
 * Each match's document as the filters and the ranking read it: from
 * search_documents_hits_idx alone (named, as SQLite would otherwise look
 * the row up by its key and read the whole document, body and all, for
 * every match: three times the cost for a common word). An author filter
 * needs author_ids, which only the row holds.
 */
const documents = (f: SearchFilter) => (f.authorId === undefined ? sql`search_documents d indexed by search_documents_hits_idx` : sql`search_documents d`);

/** FROM and WHERE of the visible stories the words match: FTS5's entries joined to their documents, filtered. */
const matches = (f: SearchFilter) => sql`search_fts join ${documents(f)} on d.article_id = search_fts.rowid where search_fts match ${ftsQuery(f.terms)} and ${filterConditions(f)}`;

export function createSqliteSearchRepository(db: Db): SearchRepository {
  return {
    ...commonOperations(db),

    async saveMany(docs, at) {
      if (docs.length === 0) return;
      // An update fires the trigger that replaces the FTS5 entry; one statement for the lot is one transaction.
      await db
        .insertInto('search_documents')
        .values(docs.map((d) => documentRow(d, at)))
        .onConflict((oc) => oc.column('article_id').doUpdateSet(replacedFromExcluded() as never))
        .execute();
    },

    async find(f, limit, offset) {
      // The matches added last that pass the filters, newest first, one more than are ranked: FTS5 reads its
      // entries in id order and stops there, and bm25 is worked out for those alone. Their number is the count;
      // the page is ranked among them less the oldest (the one more). Then the page's documents.
      const { rows } = await sql<{ found: unknown; article_id: unknown; score: unknown }>`with m as materialized (
          select search_fts.rowid as article_id, -bm25(search_fts, 10.0, 4.0, 4.0, 4.0, 1.0) as relevance, d.published_day, d.published_at
            from ${matches(f)}
           order by search_fts.rowid desc limit ${RANKED_MATCHES + 1})
        select c.found, r.article_id, r.score
          from (select count(*) as found from m) c
          left join (select m.article_id, ${scored(f)} as score, m.published_at from m
                      where (select count(*) from m) <= ${RANKED_MATCHES} or m.article_id > (select min(article_id) from m)
                      order by score desc, m.published_at desc, m.article_id desc
                      limit ${limit} offset ${offset}) r on 1
         order by r.score desc, r.published_at desc, r.article_id desc`.execute(db);
      const { found, ranked } = splitFound(rows);
      if (ranked.length === 0) return { hits: [], found };
      const ids = ranked.map((r) => Number(r.article_id));
      const { rows: documents } = await sql<Omit<RawHit, 'score'>>`select ${HIT_COLUMNS} from search_documents d where d.article_id in (${sql.join(ids)})`.execute(db);
      const byId = new Map(documents.map((r) => [Number(r.article_id), r]));
      const hits = ranked.flatMap((r) => {
        const row = byId.get(Number(r.article_id));
        return row ? [toHit({ ...row, score: r.score })] : [];
      });
      return { hits, found };
    },

    async optimize() {
      // Rebuild the full-text index from search_documents (whatever happened to it), then merge its segments.
      await sql`insert into search_fts(search_fts) values ('rebuild')`.execute(db);
      await sql`insert into search_fts(search_fts) values ('optimize')`.execute(db);
    },
  };
}
