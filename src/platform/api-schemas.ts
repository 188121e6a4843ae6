import { type TSchema, Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { AppError } from './errors.js';

/** Shared pieces of the JSON API's schemas, and the checks every write endpoint shares. */

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      requestId: Type.Optional(Type.String({ description: 'On 5xx answers: the request’s id (also in X-Request-Id), to quote when reporting the failure.' })),
    }),
  },
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

/** The header every state-changing request made with a reader's cookie sends (checked by csrf.ts's requireCsrf). */
export const CsrfHeaders = Type.Object({
  'x-csrf-token': Type.Optional(Type.String({ description: 'Required: the `csrf` value from GET /api/v1/session. Without it, or with a stale one, the answer is 403 `csrf` and nothing changes.' })),
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

/**
 * A preValidation hook refusing body fields the schema does not name, so a
 * misspelt field ("headlin") is an error rather than a silent no-op.
 */
export async function rejectUnknownFields(req: FastifyRequest): Promise<void> {
  const schema = req.routeOptions.schema?.body as { properties?: Record<string, unknown> } | undefined;
  const body = req.body;
  if (!schema?.properties || !body || typeof body !== 'object' || Array.isArray(body)) return;
  const known = Object.keys(schema.properties);
  const unknown = Object.keys(body).filter((k) => !known.includes(k));
  if (unknown.length === 0) return;
  const list = unknown.map((k) => `"${k.slice(0, 60)}"`).join(', ');
  throw new AppError('invalid_request', 400, `Invalid body: unknown field${unknown.length === 1 ? '' : 's'} ${list}. The fields are: ${known.join(', ')}.`);
}

/**
 * A value or null. Written as a type array, not anyOf: with Fastify's type
 * coercion, anyOf [integer, null] would turn a null into 0.
 */
export const Nullable = <T extends TSchema>(schema: T, options: Record<string, unknown> = {}) => {
  const { type, ...rest } = schema as unknown as { type: string } & Record<string, unknown>;
  return Type.Unsafe<T['static'] | null>({ ...rest, ...options, type: [type, 'null'] });
};

/** One of some strings; refused with "must be equal to one of the allowed values" (which the description lists). */
export const StringEnum = <const T extends readonly string[]>(values: T, options: Record<string, unknown> = {}) => Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });

export const IdSchema = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
export const IdParams = Type.Object({ id: IdSchema });
