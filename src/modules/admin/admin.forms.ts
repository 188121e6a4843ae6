import type { FastifyRequest } from 'fastify';
import { type AppError, notFound } from '../../platform/errors.js';
import { slugify } from '../../platform/slug.js';
import type { Form } from './admin.context.js';

/*
 * Small helpers shared by the newsroom's form pages (sections, tags,
 * authors, settings, moderation, the editor).
 */

/** A form field as text: a missing or repeated field reads as ''. */
export const field = (form: Form | undefined, key: string): string => {
  const v = form?.[key];
  return typeof v === 'string' ? v : '';
};

/** Largest id the databases hold (PostgreSQL integer). */
const MAX_ID = 2_147_483_647;

/** A positive whole id from a path or a form field; anything else is undefined. */
export function parseId(raw: unknown): number | undefined {
  if (typeof raw !== 'string' || !/^[1-9][0-9]{0,9}$/.test(raw)) return undefined;
  const n = Number(raw);
  return n <= MAX_ID ? n : undefined;
}

/** The id of an `IdPath` route as a number: the schema has checked its form; anything else is a 404 naming `what`. */
export function pathId(params: { id: string }, what = 'page'): number {
  const id = parseId(params.id);
  if (id === undefined) throw notFound(what);
  return id;
}

/** The slug as typed, or one made from the name when left empty. */
export const slugOrFromName = (typed: string, name: string): string => typed.trim() || (name.trim() ? slugify(name) : '');

/** The confirmation for a `?saved`-style query flag, if one is present. */
export function noticeFrom(query: unknown, messages: Record<string, string>): string | undefined {
  if (!query || typeof query !== 'object') return undefined;
  for (const [flag, message] of Object.entries(messages)) if (flag in query) return message;
  return undefined;
}

/** Log a refused change (code and status only: never the form's contents). */
export const logRefusal = (req: FastifyRequest, err: AppError, what: string) => req.log.info({ code: err.code, status: err.status }, `${what} refused`);

/**
 * For submitForm's `rethrow`: a page that does not exist is not the form's
 * to show; any other refusal, an expired form's included, is shown on it.
 */
export const missing = (err: AppError): boolean => err.status === 404;
