import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type TOptional, type TSchema, Type } from '@sinclair/typebox';
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import { ErrorBody, IdParams, IdSchema, Nullable, PageLinks, PageMeta, pageLinks, rejectUnknownFields, StringEnum } from '../../platform/api-schemas.js';
import { notFound } from '../../platform/errors.js';
import { BEARER_SECURITY, needsToken, requireActor } from '../tokens/tokens.auth.js';
import type { ArticleFields, EditableArticle, EditorialService } from './editorial.types.js';
import type { CheckResult } from '../checks/checks.types.js';
import { absoluteUrl } from '../../platform/urls.js';

/*
 * The newsroom's write API, /api/v1/newsroom/articles: the same operations
 * as the editor in /admin, through EditorialService, which checks the
 * token's role on every call (docs/roles.md). An API token owns no stories,
 * so "own" permissions never apply to it.
 */

const STATUSES = ['draft', 'in_review', 'scheduled', 'published', 'unpublished'] as const;
const TRANSITIONS = ['submit', 'return-to-draft', 'publish', 'schedule', 'unschedule', 'unpublish'] as const;

const StatusSchema = StringEnum(STATUSES, { description: STATUSES.join(', ') });
const CommentStatusSchema = StringEnum(['open', 'closed'] as const, { description: 'open or closed' });
const DateTime = Type.String({ format: 'date-time' });

/** Every field an editor can set; absent fields keep their value. */
const fieldProperties = {
  headline: Type.String({ description: 'The headline (required when creating).' }),
  slug: Type.String({ description: 'Lower-case words joined by hyphens; made from the headline when absent.' }),
  dek: Type.String({ description: 'The line under the headline.' }),
  body: Type.String({ description: 'Markdown (docs/writing.md).' }),
  excerpt: Type.String({ description: 'Shown in listings and previews.' }),
  sectionId: Nullable(IdSchema, { description: 'A section id (GET /api/v1/newsroom/sections), or null.' }),
  tags: Type.Array(Type.String(), { description: 'Tag names or slugs; tags that do not exist yet are created.' }),
  authorIds: Type.Array(IdSchema, { description: 'Author ids in byline order (GET /api/v1/newsroom/authors).' }),
  featuredImageId: Nullable(IdSchema, { description: 'A media id (POST /api/v1/media), or null.' }),
  developing: Type.Boolean({ description: 'A developing story takes live updates.' }),
  readNextId: Nullable(IdSchema, { description: 'An article id to suggest next, or null.' }),
  commentPrompt: Type.String(),
  commentStatus: CommentStatusSchema,
  commentsCloseAt: Nullable(DateTime, { description: 'ISO-8601, or null.' }),
  // Read by the service rather than the schema, so that a malformed date is a 422 naming the field, like one before 1970.
  publishedAt: Nullable(Type.String({ maxLength: 100 }), {
    description:
      'The original publication date (editor and admin tokens only; any other role gets 403): ISO-8601 with a time zone offset, from 1970 until now. On a story not yet published, the date publishing keeps; on a published one, its new date, which moves its address (the old one redirects). null empties it before publication. See docs/archive-dates.md.',
    examples: ['2019-05-01T09:30:00-05:00'],
  }),
};

const optional = <T extends Record<string, TSchema>>(props: T) => Object.fromEntries(Object.entries(props).map(([k, v]) => [k, Type.Optional(v)])) as { [K in keyof T]: TOptional<T[K]> };

const { headline, ...otherFields } = fieldProperties;

export const ArticleCreateBody = Type.Object({ headline, ...optional(otherFields) }, { description: 'A new draft: a headline, and any other fields.' });

export const ArticleUpdateBody = Type.Object(
  {
    baseVersion: Type.Integer({ minimum: 0, description: 'The `version` the changes were made on. If someone saved since, the answer is 409 and nothing changes.' }),
    ...optional(fieldProperties),
  },
  { description: 'The fields to change, and the version they are based on.' },
);

export const TransitionBody = Type.Object({
  transition: StringEnum(TRANSITIONS, { description: 'submit, return-to-draft, publish, schedule, unschedule or unpublish.' }),
  publishAt: Type.Optional(
    Type.String({
      format: 'date-time',
      description:
        'Required to schedule: a future ISO-8601 time. With publish: a past time publishes the story with that date (editor and admin tokens only), a future one schedules it. Refused with any other step.',
    }),
  ),
  baseVersion: Type.Optional(Type.Integer({ minimum: 0, description: 'When given, refuse (409) if the article changed since this version.' })),
});

export const TextBody = Type.Object({ body: Type.String({ description: 'Markdown.' }) });

export const EditableArticleSchema = Type.Object(
  {
    id: Type.Integer(),
    status: StatusSchema,
    version: Type.Integer({ description: 'Send it back as `baseVersion` with an update.' }),
    headline: Type.String(),
    slug: Type.String(),
    dek: Type.String(),
    body: Type.String(),
    excerpt: Type.String(),
    sectionId: Nullable(Type.Integer()),
    tags: Type.Array(Type.String()),
    authorIds: Type.Array(Type.Integer()),
    featuredImageId: Nullable(Type.Integer()),
    developing: Type.Boolean(),
    readNextId: Nullable(Type.Integer()),
    commentPrompt: Type.String(),
    commentStatus: CommentStatusSchema,
    commentsCloseAt: Nullable(Type.String()),
    publishedAt: Nullable(Type.String()),
    updatedAt: Nullable(Type.String()),
    createdAt: Type.String(),
    modifiedAt: Type.String(),
    createdBy: Nullable(Type.Integer()),
    statusChangedAt: Nullable(Type.String()),
    statusChangedBy: Nullable(Type.Integer()),
    url: Nullable(Type.String(), { description: 'The public address once readers can see it; null before.' }),
    // The API answers with these seven flags only: the serializer leaves out the editor's others (returnToDraft, unschedule).
    allowed: Type.Object(
      {
        edit: Type.Boolean(),
        submit: Type.Boolean(),
        publish: Type.Boolean(),
        schedule: Type.Boolean(),
        unpublish: Type.Boolean(),
        liveUpdate: Type.Boolean(),
        correct: Type.Boolean(),
      },
      { description: 'What this token may do with the article now.' },
    ),
  },
  { $id: 'EditableArticle' },
);

export const ArticleListItemSchema = Type.Object(
  {
    id: Type.Integer(),
    headline: Type.String(),
    slug: Type.String(),
    status: StatusSchema,
    sectionName: Nullable(Type.String()),
    authorNames: Type.Array(Type.String()),
    publishedAt: Nullable(Type.String()),
    modifiedAt: Type.String(),
    url: Nullable(Type.String()),
  },
  { $id: 'NewsroomArticle' },
);

export const NewsroomListQuery = Type.Object({
  status: Type.Optional(StatusSchema),
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Words to find in headlines.' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000, default: 1 })),
});

export const ChecklistQuery = Type.Object({
  publishAt: Type.Optional(
    Type.String({
      maxLength: 100,
      description:
        "Read the date checks for a publication at this time (ISO-8601 with an offset; encode '+' as %2B). Without it, the story's own date, else now. A value that is not such a time, or is before 1970 or more than ten years ahead, answers 422.",
    }),
  ),
});

const CheckSchema = Type.Object({
  id: Type.String(),
  severity: StringEnum(['blocker', 'warning', 'note'] as const, {
    description: 'blocker: must be fixed before publishing or scheduling; warning: a probable error, with its evidence; note: a reminder (a relative time that is right for this date but will age).',
  }),
  message: Type.String(),
  excerpt: Type.Optional(Type.String()),
});

const RevisionSchema = Type.Object({
  version: Type.Integer(),
  createdAt: Type.String(),
  accountId: Nullable(Type.Integer()),
  accountName: Nullable(Type.String()),
  headline: Type.String(),
  kind: Type.String({
    description:
      'What made it: autosave, save, create, import, restore, a workflow step (submit, return-to-draft, publish, schedule, unschedule, unpublish), or workflow (a step kept before steps had their own kinds). Every version of a story, including one a workflow step made, has its revision.',
  }),
  changed: Type.Array(Type.String(), {
    description: 'The fields it changed from the version before: headline, dek, body, then the settings by name (slug, tags, sectionId, publishedAt, …). Empty for the first.',
  }),
});

const AppendedSchema = Type.Object({ id: Type.Integer(), createdAt: Type.String(), articleId: Type.Integer() });

const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, ErrorBody]));

export interface ArticlesWriteApiOptions {
  editorial: EditorialService;
  siteUrl: string;
}

type TypedApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

/** What every group of routes below shares. */
interface RouteContext {
  app: TypedApp;
  editorial: EditorialService;
  /** The collection's own address, for Location headers. */
  base: string;
  /** The story as the API answers with it: its public address made absolute. */
  present: (a: EditableArticle) => EditableArticle & { url: string | null };
  abs: (p: string | null) => string | null;
}

const common = { tags: ['newsroom'], security: BEARER_SECURITY };

/** /api/v1/newsroom/articles… */
export async function articlesWriteApi(fastify: FastifyInstance, { editorial, siteUrl }: ArticlesWriteApiOptions) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const abs = (p: string | null) => (p ? absoluteUrl(siteUrl, p) : null);
  const ctx: RouteContext = { app, editorial, base: `${fastify.prefix}/newsroom/articles`, present: (a) => ({ ...a, url: abs(a.path) }), abs };

  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('cache-control', 'no-store');
    return payload;
  });

  storyRoutes(ctx);
  workflowRoutes(ctx);
  revisionRoutes(ctx);
  appendRoutes(ctx);
}

/** Listing, reading, starting and changing stories. */
function storyRoutes({ app, editorial, base, present, abs }: RouteContext) {
  app.get(
    '/newsroom/articles',
    {
      onRequest: needsToken(),
      schema: {
        ...common,
        summary: 'Stories in the newsroom, any status, most recently changed first',
        querystring: NewsroomListQuery,
        response: { 200: Type.Object({ data: Type.Array(ArticleListItemSchema), meta: PageMeta, links: PageLinks }), ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req, reply);
      const { status, q, page = 1, limit = 20 } = req.query;
      const result = await editorial.list(actor, { ...(status ? { status } : {}), ...(q ? { q } : {}), page, perPage: limit });
      if (page > result.pageCount) throw notFound('page');
      return {
        data: result.items.map((a) => ({ ...a, url: abs(a.path) })),
        meta: { page: result.page, limit, total: result.total, pageCount: result.pageCount },
        links: pageLinks(req.url, result.page, result.pageCount),
      };
    },
  );

  app.get(
    '/newsroom/articles/:id',
    {
      onRequest: needsToken(),
      schema: { ...common, summary: 'One story as the newsroom edits it', params: IdParams, response: { 200: Type.Object({ data: EditableArticleSchema }), ...errors(400, 401, 403, 404) } },
    },
    async (req, reply) => ({ data: present(await editorial.get(requireActor(req, reply), req.params.id)) }),
  );

  app.post(
    '/newsroom/articles',
    {
      onRequest: needsToken(),
      preValidation: rejectUnknownFields,
      schema: {
        ...common,
        summary: 'Start a draft',
        description: 'Answers 201 with the draft and its address in Location. Tags that do not exist yet are created.',
        body: ArticleCreateBody,
        response: { 201: Type.Object({ data: EditableArticleSchema }), ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req, reply) => {
      const created = await editorial.create(requireActor(req, reply), req.body as Partial<ArticleFields> & { headline: string });
      return reply
        .code(201)
        .header('location', `${base}/${created.id}`)
        .send({ data: present(created) });
    },
  );

  app.patch(
    '/newsroom/articles/:id',
    {
      onRequest: needsToken(),
      preValidation: rejectUnknownFields,
      schema: {
        ...common,
        summary: 'Change a story',
        description: 'Only the fields sent change. `baseVersion` must be the current `version`: if someone saved since, the answer is 409 and nothing changes. Every save keeps a revision.',
        params: IdParams,
        body: ArticleUpdateBody,
        response: { 200: Type.Object({ data: EditableArticleSchema }), ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req, reply) => {
      const { baseVersion, ...fields } = req.body;
      return { data: present(await editorial.update(requireActor(req, reply), req.params.id, fields as Partial<ArticleFields>, baseVersion)) };
    },
  );
}

/** Moving a story through the workflow, and the checklist that gates publishing. */
function workflowRoutes({ app, editorial, present }: RouteContext) {
  app.post(
    '/newsroom/articles/:id/transitions',
    {
      onRequest: needsToken(),
      preValidation: rejectUnknownFields,
      schema: {
        ...common,
        summary: 'Move a story through the workflow',
        description:
          'submit (draft → in review), return-to-draft, publish (with a past `publishAt`, dated then; with a future one, scheduled), schedule (needs a future `publishAt`), unschedule, unpublish. Publishing keeps a date the story already carries (docs/archive-dates.md). A transition the current status does not allow answers 409 (`invalid_transition`); one the role does not allow, 403. Publishing and scheduling run the pre-publish checklist: blockers refuse it with 409 (`checklist_blockers`).',
        params: IdParams,
        body: TransitionBody,
        response: { 200: Type.Object({ data: EditableArticleSchema }), ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req, reply) => {
      const { transition, publishAt, baseVersion } = req.body;
      const options = { ...(publishAt !== undefined ? { publishAt } : {}), ...(baseVersion !== undefined ? { baseVersion } : {}) };
      return { data: present(await editorial.transition(requireActor(req, reply), req.params.id, transition, options)) };
    },
  );

  app.get(
    '/newsroom/articles/:id/checklist',
    {
      onRequest: needsToken(),
      schema: {
        ...common,
        summary: 'The pre-publish checklist for the story as saved',
        description:
          "The same checklist the editor shows, blockers first, then warnings, then notes. Blockers must be fixed before publishing; warnings are probable errors, with their evidence; notes are reminders (a relative time that is right for this date but will age). The date checks read the text for a publication at `publishAt` when given, else at the story's own date, else now.",
        params: IdParams,
        querystring: ChecklistQuery,
        response: {
          200: Type.Object({ data: Type.Array(CheckSchema), meta: Type.Object({ blockers: Type.Integer(), warnings: Type.Integer(), notes: Type.Integer() }) }),
          ...errors(400, 401, 403, 404, 422),
        },
      },
    },
    async (req, reply) => {
      const publishAt = req.query.publishAt;
      // An unencoded '+' in an offset arrives as a space: read it as the '+' it was.
      const options = publishAt === undefined ? {} : { publishAt: publishAt.replace(/ (\d{2}(?::?\d{2})?)$/, '+$1') };
      const results = await editorial.checklist(requireActor(req, reply), req.params.id, options);
      const count = (severity: CheckResult['severity']) => results.filter((r) => r.severity === severity).length;
      return { data: results, meta: { blockers: count('blocker'), warnings: count('warning'), notes: count('note') } };
    },
  );
}

/** A story's saved revisions. */
function revisionRoutes({ app, editorial }: RouteContext) {
  app.get(
    '/newsroom/articles/:id/revisions',
    {
      onRequest: needsToken(),
      schema: {
        ...common,
        summary: "A story's saved revisions, newest first",
        params: IdParams,
        response: { 200: Type.Object({ data: Type.Array(RevisionSchema) }), ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) => ({ data: await editorial.revisions(requireActor(req, reply), req.params.id) }),
  );
}

/** Live updates and corrections, appended to a story. */
function appendRoutes({ app, editorial, base }: RouteContext) {
  // Live updates and corrections differ only in their address, wording and service call.
  const appends = [
    { path: 'live-updates', summary: 'Post a live update to a developing story', add: editorial.addLiveUpdate },
    { path: 'corrections', summary: 'Append a correction to a published story', add: editorial.addCorrection },
  ] as const;
  for (const { path, summary, add } of appends) {
    app.post(
      `/newsroom/articles/:id/${path}`,
      {
        onRequest: needsToken(),
        preValidation: rejectUnknownFields,
        schema: {
          ...common,
          summary,
          description: 'Answers 201; Location is the story.',
          params: IdParams,
          body: TextBody,
          response: { 201: Type.Object({ data: AppendedSchema }), ...errors(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req, reply) => {
        const added = await add.call(editorial, requireActor(req, reply), req.params.id, req.body.body);
        return reply
          .code(201)
          .header('location', `${base}/${req.params.id}`)
          .send({ data: { id: added.id, createdAt: added.createdAt, articleId: req.params.id } });
      },
    );
  }
}
