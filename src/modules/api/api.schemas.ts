import { type TSchema, Type } from '@sinclair/typebox';

/** Shared pieces of the JSON API's schemas. */

export const ErrorBody = Type.Object(
  { error: Type.Object({ code: Type.String(), message: Type.String() }) },
  { $id: 'Error', description: 'Every error answers with this body.' },
);

export const PageQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'Items per page (1–100).' })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000, default: 1, description: 'Page number, from 1.' })),
});

export const PageMeta = Type.Object({
  page: Type.Integer(),
  limit: Type.Integer(),
  total: Type.Integer(),
  pageCount: Type.Integer(),
});

export const PageLinks = Type.Object({
  self: Type.String(),
  next: Type.Optional(Type.String()),
  prev: Type.Optional(Type.String()),
});

/** A paged list of `item`. */
export const Paged = <T extends TSchema>(item: T) => Type.Object({ data: Type.Array(item), meta: PageMeta, links: PageLinks });

export const One = <T extends TSchema>(item: T) => Type.Object({ data: item });

export const SlugParams = Type.Object({
  slug: Type.String({ pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 200, description: 'Lower-case slug' }),
});

export const errorResponses = {
  400: ErrorBody,
  404: ErrorBody,
};

/** Links to neighbouring pages, keeping the rest of the query. */
export function pageLinks(url: string, page: number, pageCount: number): { self: string; next?: string; prev?: string } {
  const u = new URL(url, 'http://x');
  const at = (p: number) => {
    u.searchParams.set('page', String(p));
    return u.pathname + u.search;
  };
  return {
    self: at(page),
    ...(page < pageCount ? { next: at(page + 1) } : {}),
    ...(page > 1 ? { prev: at(page - 1) } : {}),
  };
}
