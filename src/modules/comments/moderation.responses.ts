import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { Zone } from '../../platform/time.js';
import type { Actor } from '../articles/editorial.types.js';
import type { ModerationService } from './moderation.service.js';
import { isQueueName, type QueueItem, type QueueName, type UndoHandle } from './moderation.types.js';
import { ModerationItem } from './views/moderation-page.js';

/*
 * The answers the queue's script asks for: the same decisions as the forms,
 * but as JSON (when the request accepts JSON and not HTML), so a decision
 * changes one item in place instead of reloading the page. Each changed
 * comment comes back with whether it still belongs on the page the
 * moderator is looking at and, if it does, its item rendered anew.
 */

/** Whether the request asks for JSON rather than a page (the queue's script sends Accept: application/json). */
export function wantsJson(req: FastifyRequest): boolean {
  const accept = req.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

/** The tab a `back` address shows ('all' for a comment's own page, which lists everything around it). */
export function queueOfBack(back: string): QueueName | null {
  const [pathname, query = ''] = back.split('?', 2) as [string, string?];
  if (pathname !== '/admin/comments') return null;
  const q = new URLSearchParams(query).get('queue') ?? 'pending';
  return isQueueName(q) ? q : 'pending';
}

/** Whether a comment, as it is now, belongs in a tab. */
export function belongsIn(queue: QueueName | null, item: Pick<QueueItem, 'status' | 'reports'>): boolean {
  if (queue === 'pending') return item.status === 'pending';
  if (queue === 'spam') return item.status === 'spam';
  if (queue === 'reported') return item.status !== 'deleted' && item.reports.open > 0;
  return true;
}

/** One comment after a decision, as the script updates the page with it. */
export interface ItemPayload {
  id: number;
  status: QueueItem['status'];
  featured: boolean;
  /** Whether it still belongs on the page; if not, the script takes it off. */
  listed: boolean;
  /** The item rendered anew, when it stays. */
  html?: string;
}

/** The decided comments as the page at `back` should now show them. */
export async function itemPayloads(moderation: ModerationService, actor: Actor, ids: number[], page: { back: string; csrf: string; zone: Zone; selectable: boolean }): Promise<ItemPayload[]> {
  if (ids.length === 0) return [];
  const queue = queueOfBack(page.back);
  const items = await moderation.items(actor, ids);
  return items.map((item) => {
    const listed = belongsIn(queue, item);
    const html = listed ? renderToString(ModerationItem({ item, zone: page.zone, csrf: page.csrf, back: page.back, selectable: page.selectable }) as VNode) : undefined;
    return { id: item.id, status: item.status, featured: item.featured, listed, ...(html !== undefined ? { html } : {}) };
  });
}

/** The JSON answer to a decision or an undo: what to say, what changed, the tabs' new counts, and what undoes it. */
export async function sendDecision(
  reply: FastifyReply,
  moderation: ModerationService,
  actor: Actor,
  answer: { message: string; ids: number[]; back: string; zone: Zone; undo?: UndoHandle | undefined; extra?: Record<string, unknown> },
): Promise<FastifyReply> {
  const csrf = await reply.csrfToken();
  const [items, counts] = await Promise.all([
    itemPayloads(moderation, actor, answer.ids, { back: answer.back, csrf, zone: answer.zone, selectable: queueOfBack(answer.back) !== null }),
    moderation.queueCounts(actor),
  ]);
  return reply
    .header('cache-control', 'no-store')
    .type('application/json; charset=utf-8')
    .send({ message: answer.message, items, counts, undo: answer.undo ?? null, ...answer.extra });
}
