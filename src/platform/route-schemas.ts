import { Type } from '@sinclair/typebox';

/*
 * Schema pieces for the HTML pages' routes, so their params and queries are
 * declared and checked like the API's. A path whose parameters do not fit
 * these is a page that does not exist (404), not a bad request: see http.ts.
 */

/** A row id in a path: 1 to 999,999,999 (within every database's integer), written without sign or leading zeros. */
export const PathId = Type.String({ pattern: '^[1-9][0-9]{0,8}$', maxLength: 9 });

/** `/…/:id` */
export const IdPath = Type.Object({ id: PathId });

/** `?page=N` on paged pages: kept as text and parsed by the route, which says what is wrong with a bad one. */
export const PageNumber = Type.String({ maxLength: 40 });

/** Where to go after a form: a same-site path, checked by the route before it is followed. */
export const NextQuery = Type.Object({ next: Type.Optional(Type.String({ maxLength: 2000 })) });
