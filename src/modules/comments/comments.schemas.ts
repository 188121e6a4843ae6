import { Type } from '@sinclair/typebox';
import { ErrorBody, IdSchema, Nullable, PageLinks, PageQuery, StringEnum } from '../../platform/api-schemas.js';
import { THREAD_SORTS } from './comments.types.js';

/** The comments JSON API's shapes: each serves validation, serialization and the OpenAPI document. */

const DateTime = Type.String({ format: 'date-time' });

const commentProperties = {
  id: Type.Integer(),
  parentId: Nullable(Type.Integer()),
  number: Nullable(Type.Integer(), { description: 'Position of an approved top-level comment in the oldest-first thread; null for replies, and in the other orders.' }),
  depth: Type.Integer({ description: '0 for top-level comments, 1 for their replies, and so on.' }),
  authorName: Type.String({ description: 'Empty for a removed comment.' }),
  body: Type.String({ description: 'Plain text; render it escaped. Empty for a removed comment.' }),
  createdAt: DateTime,
  url: Nullable(Type.String(), { description: 'Permalink to the comment on the article page; null while only moderators can see it (a guest’s held comment).' }),
  state: StringEnum(['approved', 'pending', 'removed'] as const, {
    description:
      'approved: everyone sees it. pending: the asker’s own comment, waiting for a moderator; no one else sees it. removed: deleted by its author, kept as a placeholder because replies hang from it.',
  }),
  editedAt: Nullable(DateTime, { description: 'When its author last edited it.' }),
  featured: Type.Boolean({ description: 'An editors’ pick.' }),
  staff: Type.Boolean({ description: 'Written by a member of the newsroom.' }),
  reactions: Type.Integer({ description: 'How many readers recommend it.' }),
  reacted: Type.Boolean({ description: 'The asker recommends it.' }),
  mine: Type.Boolean({ description: 'The asker wrote it, and may edit it until `editableUntil` and delete it.' }),
  editableUntil: Nullable(DateTime, { description: 'For the asker’s own comments: edits are refused after this time.' }),
  moreReplies: Type.Integer({ description: 'Replies below a top-level comment that this page leaves out; GET /api/v1/comments/{id}/replies has them all.' }),
};

export const CommentSchema = Type.Object(commentProperties, { $id: 'Comment' });

/** One comment on its own, with the article it belongs to. */
export const SingleCommentSchema = Type.Object({ ...commentProperties, articleId: Type.Integer() });

const REASONS = ['closed', 'sign_in', 'unverified', 'banned'] as const;

export const CommentingSchema = Type.Object(
  {
    open: Type.Boolean({ description: 'The article takes comments now.' }),
    canPost: Type.Boolean({ description: 'The asker may post now.' }),
    reason: Type.Unsafe<(typeof REASONS)[number] | null>({
      type: ['string', 'null'],
      enum: [...REASONS, null],
      description: 'Why the asker may not post: closed, sign_in (sign in, or the site takes no guest comments), unverified (confirm the email address first) or banned; null when they may.',
    }),
    bannedUntil: Nullable(DateTime, { description: 'When a banned asker may comment again (9999-12-31 for a permanent ban).' }),
    guestsAllowed: Type.Boolean({ description: 'Visitors who are not signed in may post with a name and email.' }),
    maxLength: Type.Integer({ description: 'Characters a comment may have.' }),
    maxDepth: Type.Integer({ description: 'Levels of replies; replies below the deepest level join it.' }),
    editWindowMinutes: Type.Integer({ description: 'Minutes after posting during which a comment may be edited.' }),
  },
  { description: 'Whether and how the asker may comment on this article.' },
);

export const ThreadQuery = Type.Object({
  ...PageQuery.properties,
  sort: Type.Optional(StringEnum(THREAD_SORTS, { default: 'oldest', description: 'oldest (the default, numbered), newest, or top (most recommended first).' })),
});

export const ThreadResponse = Type.Object({
  data: Type.Array(CommentSchema, { description: 'Top-level comments of this page, each followed by its replies, in reading order.' }),
  meta: Type.Object({
    page: Type.Integer(),
    limit: Type.Integer(),
    total: Type.Integer({ description: 'Top-level comments in the thread.' }),
    pageCount: Type.Integer(),
    sort: StringEnum(THREAD_SORTS),
    commentCount: Type.Integer({ description: 'All approved, visible comments, replies included.' }),
    commentsOpen: Type.Boolean(),
    picks: Type.Array(Type.Object(commentProperties), { description: 'Editors’ picks, newest first, without their replies.' }),
    commenting: CommentingSchema,
  }),
  links: PageLinks,
});

export const SubthreadResponse = Type.Object({
  data: Type.Array(CommentSchema, { description: 'The comment, then every reply below it that the asker may see, in reading order.' }),
  meta: Type.Object({ articleId: Type.Integer(), count: Type.Integer({ description: 'Items in data.' }) }),
});

export const PostBody = Type.Object({
  body: Type.String({ description: 'Plain text, up to the site’s limit (see meta.commenting.maxLength).' }),
  parentId: Type.Optional(IdSchema),
  name: Type.Optional(Type.String({ description: 'Guests only: the name shown with the comment.' })),
  email: Type.Optional(Type.String({ description: 'Guests only: never shown.' })),
});

export const PostResponse = Type.Object({
  data: SingleCommentSchema,
  status: StringEnum(['approved', 'pending'] as const, { description: 'approved: visible now. pending: waiting for a moderator.' }),
  heldReason: Type.String({ description: 'Why it waits for a moderator, in words for the poster; empty when approved.' }),
});

export const EditBody = Type.Object({ body: Type.String() });

export const ReportBody = Type.Object({
  reason: StringEnum(['spam', 'abuse', 'off_topic', 'misinformation', 'other'] as const, { description: 'spam, abuse, off_topic, misinformation or other.' }),
  note: Type.Optional(Type.String({ description: 'Up to 500 characters for the moderators.' })),
});

export const ReportResponse = Type.Object({ held: Type.Boolean({ description: 'Enough readers have reported it: it is hidden until a moderator decides.' }) });

export const ReactionResponse = Type.Object({ count: Type.Integer(), reacted: Type.Boolean() });

/** Error bodies for the given statuses. */
export const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, ErrorBody]));
