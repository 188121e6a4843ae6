import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { BEARER_SECURITY, needsToken, requireActor } from '../tokens/tokens.auth.js';
import { notFound } from '../../platform/errors.js';
import type { Services } from '../../services.js';
import { IdParams, pageLinks, rejectUnknownFields } from '../../platform/api-schemas.js';
import { errors } from './comments.schemas.js';
import { absoluteUrl } from '../../platform/urls.js';
import {
  ActionBody,
  ActionResponse,
  BanBody,
  BanResponse,
  BulkBody,
  BulkResponse,
  ContextResponse,
  presentContext,
  presentItem,
  presentModReader,
  QueuePage,
  QueueQuery,
  SummaryResponse,
  UnbanResponse,
} from './moderation.schemas.js';

/*
 * The moderators' API, /api/v1/moderation: the queues, one comment in its
 * context, decisions, bans, and the counts for a dashboard. Every endpoint
 * needs an API token whose role may moderate comments (moderator, editor,
 * admin; docs/roles.md). Decisions are recorded as made by the token.
 */

const MODERATE = 'comments.moderate';

/** /api/v1/moderation/… */
export async function moderationApi(fastify: FastifyInstance, { services, siteUrl }: { services: Services; siteUrl: string }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const moderation = services.moderation;
  const abs = (path: string) => absoluteUrl(siteUrl, path);
  const common = { tags: ['moderation'], security: BEARER_SECURITY };
  const guard = { onRequest: needsToken(MODERATE) };

  app.addHook('onRequest', async (_req, reply) => {
    reply.header('cache-control', 'no-store');
  });

  app.get(
    '/moderation/comments',
    {
      ...guard,
      schema: {
        ...common,
        summary: 'A moderation queue',
        description:
          'pending: comments waiting for a decision, oldest first. reported: comments with open reports. spam: what the filter caught. all: everything, newest first. Narrow any queue to one article or one reader, and search it by comment text, commenter (name or email) and story headline.',
        querystring: QueueQuery,
        response: { 200: QueuePage, ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req, reply, MODERATE);
      const { queue = 'pending', page = 1, limit = 25, articleId, readerId, q, commenter, story } = req.query;
      const result = await moderation.queue(actor, {
        queue,
        page,
        perPage: limit,
        ...(articleId !== undefined ? { articleId } : {}),
        ...(readerId !== undefined ? { readerId } : {}),
        search: { text: q, commenter, story },
      });
      if (page > result.pageCount) throw notFound('page');
      return {
        data: result.items.map((i) => presentItem(i, abs)),
        meta: { page, limit: result.perPage, total: result.total, pageCount: result.pageCount, queue },
        links: pageLinks(req.url, page, result.pageCount),
      };
    },
  );

  app.get(
    '/moderation/comments/:id',
    {
      ...guard,
      schema: {
        ...common,
        summary: 'One comment in its context',
        description: 'The comment with the comments it replies to, its replies, its writer’s record, the spam score’s reasons and what moderators did with it.',
        params: IdParams,
        response: { 200: ContextResponse, ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) => ({ data: presentContext(await moderation.context(requireActor(req, reply, MODERATE), req.params.id), abs) }),
  );

  app.post(
    '/moderation/comments/:id/actions',
    {
      ...guard,
      preValidation: rejectUnknownFields,
      schema: {
        ...common,
        summary: 'Decide about a comment',
        description:
          'approve (shows it), reject or spam (take it off the site; spam also teaches the filter), feature or unfeature (editors’ picks; only approved comments). Deciding closes its open reports. Asking for what already is changes nothing (`changed: false`). A comment its author deleted is 409.',
        params: IdParams,
        body: ActionBody,
        response: { 200: ActionResponse, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req, reply) => {
      const { comment, changed } = await moderation.act(requireActor(req, reply, MODERATE), req.params.id, req.body.action, req.body.note);
      return { data: { id: comment.id, status: comment.status, featured: comment.featured === 1, moderatedAt: comment.moderated_at, changed } };
    },
  );

  app.post(
    '/moderation/comments/bulk',
    {
      ...guard,
      preValidation: rejectUnknownFields,
      schema: {
        ...common,
        summary: 'The same decision on many comments',
        description: 'Each comment is decided on its own; those that cannot be (deleted, not found, not approved for feature) are listed in `skipped` with the reason, and the rest go ahead.',
        body: BulkBody,
        response: { 200: BulkResponse, ...errors(400, 401, 403, 422) },
      },
    },
    async (req, reply) => ({ data: await moderation.bulk(requireActor(req, reply, MODERATE), req.body.ids, req.body.action, req.body.note) }),
  );

  app.post(
    '/moderation/readers/:id/ban',
    {
      ...guard,
      preValidation: rejectUnknownFields,
      schema: {
        ...common,
        summary: 'Ban or suspend a reader',
        description:
          '`days: null` bans for good; a number suspends for that many days. The reader can no longer post (403 banned, with the reason). Their published comments stay; `removeComments` also rejects what they have waiting in the queue.',
        params: IdParams,
        body: BanBody,
        response: { 200: BanResponse, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (req, reply) => {
      const { days, reason, removeComments } = req.body;
      const { reader, removed } = await moderation.banReader(requireActor(req, reply, MODERATE), req.params.id, { days, reason, ...(removeComments !== undefined ? { removeComments } : {}) });
      return { data: { reader: presentModReader(reader, services.readers.isBannedNow(reader)), removed } };
    },
  );

  app.delete(
    '/moderation/readers/:id/ban',
    {
      ...guard,
      schema: {
        ...common,
        summary: 'Lift a reader’s ban or suspension',
        params: IdParams,
        response: { 200: UnbanResponse, ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const { reader, changed } = await moderation.unbanReader(requireActor(req, reply, MODERATE), req.params.id);
      return { data: { reader: presentModReader(reader, services.readers.isBannedNow(reader)), changed } };
    },
  );

  app.get(
    '/moderation/summary',
    {
      ...guard,
      schema: { ...common, summary: 'Counts for a dashboard', response: { 200: SummaryResponse, ...errors(401, 403) } },
    },
    async () => ({ data: await moderation.summary() }),
  );
}
