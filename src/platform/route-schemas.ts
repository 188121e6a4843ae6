import { Type } from '@sinclair/typebox';

/*
 * Schema pieces for the HTML pages' routes, so their params and queries are
 * declared and checked like the API's. A path whose parameters do not fit
 * these is a page that does not exist (404), not a bad request: see http.ts.
 */

/** A row id in a path: 1 to 2,147,483,647, written without sign or leading zeros. */
export const PathId = Type.String({ pattern: '^[1-9][0-9]{0,9}$', maxLength: 10 });

/** `/…/:id` */
export const IdPath = Type.Object({ id: PathId });

/** Where to go after a form: a same-site path, checked by the route before it is followed. */
export const NextQuery = Type.Object({ next: Type.Optional(Type.String({ maxLength: 2000 })) });
