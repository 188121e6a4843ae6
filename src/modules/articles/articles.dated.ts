import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import { invalidInput, notFound } from '../../platform/errors.js';
import type { ContentEvents } from '../../platform/events.js';
import * as repo from './articles.repository.js';
import { renderBody } from '../markdown/markdown.render.js';
import { bodyToText } from '../markdown/markdown.text.js';

export interface LiveUpdate {
  id: number;
  createdAt: string;
  html: string;
  /** The update as plain text (for structured data). */
  text: string;
}
export interface Correction {
  id: number;
  createdAt: string;
  text: string;
}

/** Trimmed text that must be present and within a length limit. */
function requireText(value: string, what: string, max: number): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (!text) throw invalidInput(`${what} needs some text.`);
  if (text.length > max) throw invalidInput(`${what} is limited to ${max.toLocaleString('en-US')} characters.`);
  return text;
}

/** Live updates and corrections: dated items added to a story, each moving its "Updated" time forward. */
export function createDatedItems({ db, clock, events }: { db: Db; clock: Clock; events: ContentEvents }) {
  const nowIso = () => clock.now().toISOString();

  /**
   * Add a dated item (live update, correction) to an article and move its
   * "Updated" time forward to it, in one transaction.
   */
  async function appendDated<T>(articleId: number, at: string | undefined, insert: (trx: Db, createdAt: string) => Promise<T>): Promise<T> {
    if (at !== undefined && Number.isNaN(Date.parse(at))) throw invalidInput('The time must be an ISO-8601 date and time.');
    const createdAt = at ? new Date(at).toISOString() : nowIso();
    const row = await db.transaction().execute(async (trx) => {
      const article = await repo.findById(trx, articleId);
      if (!article) throw notFound('article');
      const r = await insert(trx, createdAt);
      if (!article.updated_at || article.updated_at < createdAt) await repo.updateArticle(trx, articleId, { updated_at: createdAt, modified_at: nowIso() });
      return r;
    });
    events.changed({ kind: 'article', id: articleId });
    return row;
  }

  return {
    /** Post a live update to a developing story; it marks the story updated. */
    async addLiveUpdate(articleId: number, body: string, at?: string): Promise<LiveUpdate> {
      const text = requireText(body, 'A live update', 10_000);
      const row = await appendDated(articleId, at, (trx, createdAt) => repo.insertLiveUpdate(trx, { article_id: articleId, body: text, created_at: createdAt }));
      return { id: row.id, createdAt: row.created_at, html: renderBody(row.body), text: bodyToText(row.body) };
    },

    /** Append a dated correction; corrections are never edited away. */
    async addCorrection(articleId: number, body: string, at?: string): Promise<Correction> {
      const text = requireText(body, 'A correction', 5_000);
      const row = await appendDated(articleId, at, (trx, createdAt) => repo.insertCorrection(trx, { article_id: articleId, body: text, created_at: createdAt }));
      return { id: row.id, createdAt: row.created_at, text: row.body };
    },

    /** The newest live update's id (0 when none), for live streams. */
    async newestLiveUpdateId(id: number): Promise<number> {
      return repo.newestLiveUpdateId(db, id);
    },
  };
}
