import { Type } from '@sinclair/typebox';

export const LinkRef = Type.Object({ slug: Type.String(), name: Type.String(), url: Type.String() });

export const ImageSchema = Type.Object({
  url: Type.String(),
  alt: Type.String(),
  width: Type.Union([Type.Integer(), Type.Null()]),
  height: Type.Union([Type.Integer(), Type.Null()]),
  caption: Type.String(),
  credit: Type.String(),
});

export const ArticleSummary = Type.Object(
  {
    id: Type.Integer(),
    slug: Type.String(),
    url: Type.String({ description: 'Canonical absolute URL of the article page.' }),
    headline: Type.String(),
    dek: Type.String(),
    excerpt: Type.String(),
    publishedAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    section: Type.Union([LinkRef, Type.Null()]),
    authors: Type.Array(LinkRef),
    image: Type.Union([ImageSchema, Type.Null()]),
    developing: Type.Boolean(),
    commentCount: Type.Integer({ description: 'Approved, visible comments.' }),
    commentsOpen: Type.Boolean(),
  },
  { $id: 'ArticleSummary' },
);

export const ArticleFull = Type.Composite(
  [
    Type.Omit(ArticleSummary, []),
    Type.Object({
      bodyMarkdown: Type.String(),
      bodyHtml: Type.String(),
      tags: Type.Array(LinkRef),
      liveUpdates: Type.Array(Type.Object({ id: Type.Integer(), createdAt: Type.String({ format: 'date-time' }), html: Type.String() })),
      corrections: Type.Array(Type.Object({ id: Type.Integer(), createdAt: Type.String({ format: 'date-time' }), text: Type.String() })),
      commentPrompt: Type.String(),
      commentsCloseAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
      readNext: Type.Union([Type.Object({ slug: Type.String(), headline: Type.String(), url: Type.String() }), Type.Null()]),
    }),
  ],
  { $id: 'ArticleFull' },
);

export const ArticleListQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000, default: 1 })),
  section: Type.Optional(Type.String({ pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 200, description: 'Only this section (slug).' })),
  tag: Type.Optional(Type.String({ pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 200, description: 'Only this tag (slug).' })),
  author: Type.Optional(Type.String({ pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 200, description: 'Only this author (slug).' })),
});
