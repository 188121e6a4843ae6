import { renderToString } from 'preact-render-to-string';
import type { Zone } from '../../../platform/time.js';
import type { LiveUpdate } from '../../articles/articles.dated.js';
import { datedUpdates, LiveUpdateItem } from '../../articles/views/live-updates.js';
import type { ThreadComment } from '../comments.types.js';
import { CommentItem, renderThreadFragment } from './thread.js';

/*
 * The markup sent to open article pages: the same components the page is
 * built from, so an arriving item looks exactly like one that was there.
 */

/** A comment's <li>, as the public (cached) page shows it to everyone. */
export function commentHtml(comment: ThreadComment, zone: Zone, articlePath: string, open: boolean): string {
  return renderThreadFragment(<CommentItem comment={comment} zone={zone} articlePath={articlePath} />, { canReply: open });
}

/** A live update's <li>, as the article page lists it (dated as the page dates it, among the story's updates). */
export function updateHtml(update: LiveUpdate, updates: readonly LiveUpdate[], publishedAt: string, zone: Zone, now: string): string {
  const dated = datedUpdates(updates, publishedAt, now, zone).has(update.id);
  return renderToString(<LiveUpdateItem update={update} dated={dated} zone={zone} />);
}

/** The comments heading: "1 Comment", "12 Comments". */
export const countLabel = (count: number, zone: Zone): string => (count === 1 ? '1 Comment' : `${count.toLocaleString(zone.locale)} Comments`);
