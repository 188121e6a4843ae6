import { Type } from '@sinclair/typebox';
import { IdSchema, Nullable, StringEnum } from '../../platform/api-schemas.js';
import type { AuditEntry } from '../audit/audit.service.js';
import type { Reader } from '../readers/readers.service.js';
import { MAX_BULK, MAX_NOTE, MAX_SUSPEND_DAYS, MODERATION_ACTIONS, QUEUES, type CommentContext, type QueueItem } from './moderation.types.js';

/** The moderation API's shapes, and the presenters that fill them with explicit field lists. */

const DateTime = Type.String({ format: 'date-time' });
const STATUSES = ['pending', 'approved', 'spam', 'rejected', 'deleted'] as const;
const REPORT_REASONS = ['spam', 'abuse', 'off_topic', 'misinformation', 'other'] as const;

const AuthorSchema = Type.Object(
  {
    kind: StringEnum(['reader', 'guest', 'staff'] as const),
    name: Type.String(),
    email: Nullable(Type.String(), { description: 'null for staff.' }),
    readerId: Nullable(Type.Integer(), { description: 'For readers: ban them with POST /api/v1/moderation/readers/{readerId}/ban.' }),
    accountId: Nullable(Type.Integer()),
    verified: Nullable(Type.Boolean(), { description: 'Readers only: their email is confirmed.' }),
    banned: Type.Boolean(),
    bannedUntil: Nullable(DateTime),
    banReason: Type.String(),
  },
  { description: 'Who wrote it. Fields that do not apply to the kind are null (or false, or empty).' },
);

const QueueItemSchema = Type.Object({
  id: Type.Integer(),
  parentId: Nullable(Type.Integer()),
  article: Type.Object({ id: Type.Integer(), headline: Type.String(), url: Nullable(Type.String(), { description: 'null while readers cannot see the article.' }) }),
  author: AuthorSchema,
  body: Type.String(),
  status: StringEnum(STATUSES),
  createdAt: DateTime,
  editedAt: Nullable(DateTime),
  featured: Type.Boolean(),
  spamScore: Nullable(Type.Number(), { description: 'The classifier’s probability that it is spam, 0 to 1; null for staff.' }),
  scoreReasons: Type.Array(Type.Object({ token: Type.String(), weight: Type.Number({ description: 'Above 0 raised the score, below 0 lowered it.' }) }), {
    description: 'The words that weighed most in the score.',
  }),
  heldReason: Type.String({ description: 'Why it was held for a moderator, if it was.' }),
  reports: Type.Object({
    open: Type.Integer(),
    reasons: Type.Array(Type.Object({ reason: StringEnum(REPORT_REASONS), count: Type.Integer() })),
    notes: Type.Array(Type.Object({ reason: StringEnum(REPORT_REASONS), note: Type.String(), createdAt: DateTime })),
  }),
  moderatedAt: Nullable(DateTime),
});

const AuditEntrySchema = Type.Object({
  id: Type.Integer(),
  accountId: Nullable(Type.Integer()),
  action: Type.String({ description: 'comment.approve, comment.reject, comment.spam, comment.feature, comment.unfeature, reader.ban, reader.suspend, reader.unban…' }),
  subjectType: Type.String(),
  subjectId: Nullable(Type.Integer()),
  details: Type.Record(Type.String(), Type.Unknown(), { description: 'from, to, note, and who did it (by).' }),
  createdAt: DateTime,
});

export const QueueQuery = Type.Object({
  queue: Type.Optional(StringEnum(QUEUES, { default: 'pending', description: 'pending (oldest first), reported, spam or all (newest first).' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 25 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000, default: 1 })),
  articleId: Type.Optional(IdSchema),
  readerId: Type.Optional(IdSchema),
  q: Type.Optional(Type.String({ description: 'Only comments whose text contains this (ignoring case; up to 200 characters).' })),
  commenter: Type.Optional(Type.String({ description: 'Only comments by a commenter whose name or email contains this, as posted or as the reader’s account has it now.' })),
  story: Type.Optional(Type.String({ description: 'Only comments on stories whose headline contains this.' })),
});

export const QueuePage = Type.Object({
  data: Type.Array(QueueItemSchema),
  meta: Type.Object({ page: Type.Integer(), limit: Type.Integer(), total: Type.Integer(), pageCount: Type.Integer(), queue: StringEnum(QUEUES) }),
  links: Type.Object({ self: Type.String(), next: Type.Optional(Type.String()), prev: Type.Optional(Type.String()) }),
});

export const ContextResponse = Type.Object({
  data: Type.Object({
    comment: QueueItemSchema,
    ancestors: Type.Array(QueueItemSchema, { description: 'The comments it replies to, the top-level one first.' }),
    replies: Type.Array(QueueItemSchema, { description: 'Its direct replies, whatever their status, oldest first.' }),
    history: Nullable(
      Type.Object({
        counts: Type.Object(Object.fromEntries(STATUSES.map((s) => [s, Type.Integer()])) as Record<(typeof STATUSES)[number], ReturnType<typeof Type.Integer>>),
        recent: Type.Array(QueueItemSchema, { description: 'Their latest other comments.' }),
      }),
      { description: 'The commenter’s record: their comments by status. null when they cannot be told apart (imported guests).' },
    ),
    log: Type.Array(AuditEntrySchema, { description: 'What moderators did with this comment, newest first.' }),
    readerLog: Type.Array(AuditEntrySchema, { description: 'Bans and suspensions of its reader, newest first.' }),
  }),
});

const Action = StringEnum(MODERATION_ACTIONS, { description: 'approve, reject, spam, feature or unfeature.' });
const Note = Type.String({ maxLength: MAX_NOTE, description: `Up to ${MAX_NOTE} characters, kept in the moderation log.` });

export const ActionBody = Type.Object({ action: Action, note: Type.Optional(Note) });

export const ActionResponse = Type.Object({
  data: Type.Object({
    id: Type.Integer(),
    status: StringEnum(STATUSES),
    featured: Type.Boolean(),
    moderatedAt: Nullable(DateTime),
    changed: Type.Boolean({ description: 'false when the comment already was as asked: nothing was stored or recorded.' }),
  }),
});

export const BulkBody = Type.Object({
  ids: Type.Array(IdSchema, { minItems: 1, maxItems: MAX_BULK, description: `1 to ${MAX_BULK} comment ids.` }),
  action: Action,
  note: Type.Optional(Note),
});

export const BulkResponse = Type.Object({
  data: Type.Object({
    done: Type.Integer(),
    skipped: Type.Array(Type.Object({ id: Type.Integer(), code: Type.String(), message: Type.String() }), { description: 'Comments left as they were, and why.' }),
  }),
});

const ModReaderSchema = Type.Object({
  id: Type.Integer(),
  displayName: Type.String(),
  email: Type.String(),
  verified: Type.Boolean(),
  banned: Type.Boolean(),
  bannedUntil: Nullable(DateTime, { description: 'The end of a suspension; 9999-12-31 for a ban.' }),
  banReason: Type.String(),
});

export const BanBody = Type.Object({
  days: Nullable(Type.Integer({ minimum: 1, maximum: MAX_SUSPEND_DAYS }), { description: `null bans for good; 1 to ${MAX_SUSPEND_DAYS} suspends for that many days.` }),
  reason: Type.String({ maxLength: MAX_NOTE, description: 'Required: the reader sees it, and so do other moderators.' }),
  removeComments: Type.Optional(Type.Boolean({ description: 'Also reject their comments that wait in the queue.' })),
});

export const BanResponse = Type.Object({ data: Type.Object({ reader: ModReaderSchema, removed: Type.Integer({ description: 'Waiting comments rejected with the ban.' }) }) });

export const UnbanResponse = Type.Object({
  data: Type.Object({ reader: ModReaderSchema, changed: Type.Boolean({ description: 'false when the reader was not banned.' }) }),
});

export const SummaryResponse = Type.Object({
  data: Type.Object({
    pending: Type.Integer({ description: 'Comments waiting for a moderator.' }),
    reported: Type.Integer({ description: 'Comments with open reports.' }),
    spamToday: Type.Integer({ description: 'Spam caught since midnight, site time.' }),
  }),
});

// Presenters --------------------------------------------------------------------------

export function presentItem(item: QueueItem, abs: (path: string) => string) {
  const a = item.author;
  const author =
    a.kind === 'reader'
      ? { kind: a.kind, name: a.name, email: a.email, readerId: a.readerId, accountId: null, verified: a.verified, banned: a.banned, bannedUntil: a.bannedUntil, banReason: a.banReason }
      : a.kind === 'staff'
        ? { kind: a.kind, name: a.name, email: null, readerId: null, accountId: a.accountId, verified: null, banned: false, bannedUntil: null, banReason: '' }
        : { kind: a.kind, name: a.name, email: a.email, readerId: null, accountId: null, verified: null, banned: false, bannedUntil: null, banReason: '' };
  return {
    id: item.id,
    parentId: item.parentId,
    article: { id: item.article.id, headline: item.article.headline, url: item.article.path === null ? null : abs(item.article.path) },
    author,
    body: item.body,
    status: item.status,
    createdAt: item.createdAt,
    editedAt: item.editedAt,
    featured: item.featured,
    spamScore: item.spamScore,
    scoreReasons: item.scoreReasons,
    heldReason: item.heldReason,
    reports: item.reports,
    moderatedAt: item.moderatedAt,
  };
}

const presentEntry = (e: AuditEntry) => ({ id: e.id, accountId: e.accountId, action: e.action, subjectType: e.subjectType, subjectId: e.subjectId, details: e.details, createdAt: e.createdAt });

export function presentContext(ctx: CommentContext, abs: (path: string) => string) {
  const item = (i: QueueItem) => presentItem(i, abs);
  return {
    comment: item(ctx.comment),
    ancestors: ctx.ancestors.map(item),
    replies: ctx.replies.map(item),
    history: ctx.history ? { counts: ctx.history.counts, recent: ctx.history.recent.map(item) } : null,
    log: ctx.log.map(presentEntry),
    readerLog: ctx.readerLog.map(presentEntry),
  };
}

export const presentModReader = (r: Reader, banned: boolean) => ({
  id: r.id,
  displayName: r.displayName,
  email: r.email,
  verified: r.verified,
  banned,
  bannedUntil: r.bannedUntil,
  banReason: r.banReason,
});
