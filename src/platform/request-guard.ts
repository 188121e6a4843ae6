import type { FastifyInstance, FastifyRequest } from 'fastify';
import { forbiddenCharacter, forbiddenCharacterError } from './text-rules.js';
import { AppError } from './errors.js';
import { MAX_INT4, wholeNumberMessage, wholeNumberOrNull } from './whole-number.js';

/*
 * The request guard: checks every request makes before any route sees it,
 * so every route has them, including routes added later.
 *  - No text in the address, the query string or the body (JSON or form)
 *    holds a character no stored text may (text-rules.ts): 400 'invalid_characters'.
 *  - A query or path parameter that a route's schema declares an integer is
 *    digits only, within the schema's bounds (whole-number.ts): 400 'invalid_request' naming the
 *    parameter and the range, before the schema's coercion could take
 *    "Infinity", "1e3" or "0x10" for a number.
 */

/** How deep the guard looks into a JSON body; deeper bodies are not ours. */
const MAX_DEPTH = 32;

/** The first forbidden character anywhere in `value` (strings, arrays, objects and their keys). */
function firstForbidden(value: unknown, depth = 0): string | null {
  if (typeof value === 'string') return forbiddenCharacter(value);
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH || Buffer.isBuffer(value)) return null;
  for (const [key, item] of Array.isArray(value) ? value.entries() : Object.entries(value)) {
    const ch = (typeof key === 'string' ? forbiddenCharacter(key) : null) ?? firstForbidden(item, depth + 1);
    if (ch) return ch;
  }
  return null;
}

/**
 * Refuse `values` (the params, the query, a body) when any text in them holds
 * a forbidden character; the message names the parameter or field (`what "name"`).
 */
function checkText(values: unknown, what: string): void {
  if (typeof values === 'string') {
    const ch = forbiddenCharacter(values);
    if (ch) throw forbiddenCharacterError(what, ch);
    return;
  }
  if (values === null || typeof values !== 'object' || Buffer.isBuffer(values)) return;
  for (const [key, item] of Object.entries(values)) {
    const ch = forbiddenCharacter(key) ?? firstForbidden(item);
    if (ch) throw forbiddenCharacterError(`${what} "${key.slice(0, 60).replace(/[\u0000-\u001F]/g, '?')}"`, ch);
  }
}

/** The path of the URL, decoded where it can be (a malformed escape is the router's to refuse). */
function decodedPath(url: string): string {
  const path = url.split('?', 1)[0] ?? '';
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

interface IntegerSchema {
  type?: string | string[];
  minimum?: number;
  maximum?: number;
}

const isInteger = (s: IntegerSchema | undefined) => !!s && (s.type === 'integer' || (Array.isArray(s.type) && s.type.includes('integer')));

/** Integer query and path parameters, as the route's schema declares them, read strictly. */
function checkNumbers(req: FastifyRequest): void {
  const schema = req.routeOptions.schema as { querystring?: { properties?: Record<string, IntegerSchema> }; params?: { properties?: Record<string, IntegerSchema> } } | undefined;
  if (!schema) return;
  const parts: [Record<string, IntegerSchema> | undefined, unknown][] = [
    [schema.params?.properties, req.params],
    [schema.querystring?.properties, req.query],
  ];
  for (const [properties, values] of parts) {
    if (!properties || !values || typeof values !== 'object') continue;
    for (const [name, prop] of Object.entries(properties)) {
      if (!isInteger(prop)) continue;
      const raw = (values as Record<string, unknown>)[name];
      if (raw === undefined) continue;
      // "null" stands for null where the schema allows it; anything else is digits or refused.
      if (raw === 'null' && Array.isArray(prop.type) && prop.type.includes('null')) continue;
      const bounds = { min: prop.minimum ?? 0, max: prop.maximum ?? MAX_INT4 };
      // Like any other value that does not fit the route's schema: 'invalid_request'.
      if (typeof raw !== 'string' || wholeNumberOrNull(raw, bounds) === null) throw new AppError('invalid_request', 400, wholeNumberMessage(name, bounds));
    }
  }
}

/** Install the guard at the root, before any module's routes and hooks. */
export function installRequestGuard(app: FastifyInstance): void {
  // The address and the query, before anything else looks at them (sessions, rate limits, the page cache).
  app.addHook('onRequest', async (req) => {
    checkText(decodedPath(req.url), 'address');
    checkText(req.query, 'query parameter');
    checkNumbers(req);
  });
  // The body, once parsed (JSON or form), before the route's schema and handler.
  app.addHook('preValidation', async (req) => {
    checkText(req.body, typeof req.body === 'string' ? 'body' : 'field');
  });
}
