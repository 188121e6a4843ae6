/**
 * How far an open article page has got: the highest comment id and the
 * highest live-update id it holds. It travels as the SSE `id:` field
 * ("c<commentId>-u<updateId>"), so a browser reconnecting sends it back in
 * Last-Event-ID and receives only what it missed.
 */
export interface Cursor {
  comment: number;
  update: number;
}

/** Ids above this are not ours (PostgreSQL integer columns stop at 2^31 − 1). */
const MAX_ID = 2_147_483_647;
const FORMAT = /^c(\d{1,10})-u(\d{1,10})$/;

/** "c<commentId>-u<updateId>" */
export const formatCursor = (c: Cursor): string => `c${c.comment}-u${c.update}`;

/** Read a cursor back; undefined when the text is not one. */
export function parseCursor(raw: string): Cursor | undefined {
  const m = FORMAT.exec(raw.trim());
  if (!m) return undefined;
  const comment = Number(m[1]);
  const update = Number(m[2]);
  if (comment > MAX_ID || update > MAX_ID) return undefined;
  return { comment, update };
}
