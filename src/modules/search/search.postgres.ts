import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import {
  commonOperations,
  dayNumber,
  documentRow,
  replacedFromExcluded,
  filterConditions,
  HIT_COLUMNS,
  type IndexedDocument,
  type RawHit,
  foundFrom,
  RANKED_MATCHES,
  RECENCY_DAYS,
  type SearchFilter,
  type SearchRepository,
} from './search.repository.js';
import { isPrefixTerm, searchWords } from './search.text.js';

/*
 * The index on PostgreSQL: search_documents.document, a tsvector with a GIN
 * index, weighted A (headline), B (dek, authors, tags) and C (body).
 *
 * The application makes the lexemes itself (search.text.ts: lower case, Latin
 * accents off, split on what is not a letter or digit) and writes them as a
 * tsvector literal; queries are tsquery literals of the same words. So no
 * text search configuration or parser is involved: what matches does not
 * depend on the server's locale or its dictionaries, and it matches what
 * SQLite's unicode61 tokenizer does. (It is the "simple" configuration's
 * behaviour, with accent folding that "simple" lacks.)
 *
 * Relevance is ts_rank with weights {D 0.1, C 0.1, B 0.4, A 1.0}: a
 * headline word weighs ten body words, as with bm25's column weights on SQLite.
 */

/** PostgreSQL keeps positions 1 to 16383 and at most 256 positions per lexeme. */
const MAX_POSITION = 16_383;
const MAX_POSITIONS_PER_LEXEME = 255;

/** A lexeme quoted for a tsvector or tsquery literal. */
const quote = (lexeme: string) => `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/** The document's words as a tsvector literal: 'word':1A,7C 'other':2B … */
export function tsvectorLiteral(doc: Pick<IndexedDocument, 'headline' | 'dek' | 'authorNames' | 'tagNames' | 'body'>): string {
  const fields: [string, 'A' | 'B' | 'C'][] = [
    [doc.headline, 'A'],
    [doc.dek, 'B'],
    [doc.authorNames.join(' '), 'B'],
    [doc.tagNames.join(' '), 'B'],
    [doc.body, 'C'],
  ];
  const positions = new Map<string, string[]>();
  let at = 0;
  for (const [text, weight] of fields) {
    for (const word of searchWords(text)) {
      at = Math.min(at + 1, MAX_POSITION);
      const list = positions.get(word) ?? [];
      if (list.length < MAX_POSITIONS_PER_LEXEME) list.push(`${at}${weight}`);
      positions.set(word, list);
    }
  }
  return [...positions].map(([word, list]) => `${quote(word)}:${list.join(',')}`).join(' ');
}

/** The words as a tsquery literal, all required; words of four letters or more as prefixes. */
export function tsqueryLiteral(terms: string[]): string {
  return terms.map((t) => `${quote(t)}${isPrefixTerm(t) ? ':*' : ''}`).join(' & ');
}

/** Relevance times the recency factor: 1 + 1 / (1 + age in days / 30). */
function scored(f: SearchFilter) {
  const today = dayNumber(f.now);
  return sql`ts_rank(array[0.1, 0.1, 0.4, 1.0]::real[], d.document, q.query) * (1.0 + 1.0 / (1.0 + greatest(0.0, cast(${today} as double precision) - d.published_day) / ${sql.raw(RECENCY_DAYS.toFixed(1))}))`;
}

const query = (f: SearchFilter) => sql`(select cast(${tsqueryLiteral(f.terms)} as tsquery) as query) q`;

/**
 * The ids of the visible stories the words match, as a CTE named `matched`:
 * materialized, so they come through the GIN index. Inlined, with a limit or
 * an order by id in view, PostgreSQL reads the table from one end and checks
 * each row's whole vector (45 ms for a common word in 100,000 stories, 5 ms
 * through the index).
 */
const matched = (f: SearchFilter) => sql`matched as materialized (select d.article_id from search_documents d cross join ${query(f)} where d.document @@ q.query and ${filterConditions(f)})`;

export function createPostgresSearchRepository(db: Db): SearchRepository {
  return {
    ...commonOperations(db),

    async saveMany(docs, at) {
      if (docs.length === 0) return;
      const rows = docs.map((d) => ({ ...documentRow(d, at), document: sql<string>`cast(${tsvectorLiteral(d)} as tsvector)` }));
      await db
        .insertInto('search_documents')
        .values(rows as never)
        .onConflict((oc) => oc.column('article_id').doUpdateSet(replacedFromExcluded(['document']) as never))
        .execute();
    },

    async find(f, limit, offset) {
      // The matches added last, one more than are ranked: their number is the count, and ts_rank is worked out
      // for the newest RANKED_MATCHES alone. A page past the last is one row, the count's.
      const { rows } = await sql<Partial<RawHit> & { found: unknown }>`with ${matched(f)},
        limited as (select article_id from matched order by article_id desc limit ${RANKED_MATCHES + 1}),
        newest as (select article_id from limited order by article_id desc limit ${RANKED_MATCHES})
        select c.found, r.*
          from (select count(*) as found from limited) c
          left join lateral (
            select ${HIT_COLUMNS}, ${scored(f)} as score
              from newest n join search_documents d on d.article_id = n.article_id cross join ${query(f)}
             order by score desc, d.published_at desc, d.article_id desc
             limit ${limit} offset ${offset}) r on true
         order by r.score desc, r.published_at desc, r.article_id desc`.execute(db);
      return foundFrom(rows);
    },

    async optimize() {
      await sql`analyze search_documents`.execute(db);
    },
  };
}
