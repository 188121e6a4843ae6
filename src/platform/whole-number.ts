import { badRequest } from './errors.js';

/*
 * Every whole number a request carries (a page, a limit, an id in a query or
 * a path) is read the same strict way: digits only, within bounds. Not
 * Number(): it takes "Infinity", "1e3", "0x10", " 5" and "5.0", none of
 * which a person means as a page number.
 */

/** The largest value a 4-byte integer column holds: the default upper bound. */
export const MAX_INT4 = 2_147_483_647;

export interface Bounds {
  min: number;
  max: number;
}

/** The message for a parameter that is not a whole number within bounds. */
export const wholeNumberMessage = (name: string, { min, max }: Bounds): string => `"${name}" must be a whole number from ${min} to ${max}, written with digits only.`;

/** `raw` as a whole number from min to max, or null when it is anything else (empty, signed, decimal, exponent, too long). */
export function wholeNumberOrNull(raw: string, { min, max }: Bounds): number | null {
  if (!/^[0-9]{1,16}$/.test(raw)) return null;
  const n = Number(raw);
  return n >= min && n <= max ? n : null;
}

/** `raw` as a whole number from min to max, or a 400 naming `name` and the range. */
export function parseWholeNumber(raw: unknown, name: string, bounds: Bounds): number {
  const n = typeof raw === 'string' ? wholeNumberOrNull(raw, bounds) : null;
  if (n === null) throw badRequest(wholeNumberMessage(name, bounds));
  return n;
}
