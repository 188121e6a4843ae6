import { parseWholeNumber } from './whole-number.js';

export const MAX_PAGE = 10_000;

/** A page of results with what a view needs to link to its neighbours. */
export interface Page<T> {
  items: T[];
  page: number;
  perPage: number;
  total: number;
  pageCount: number;
}

/**
 * Parse a `page` query value: absent means 1; anything but a whole number from
 * 1 to MAX_PAGE is a 400 with a message saying so.
 */
export function parsePage(raw: unknown, name = 'page'): number {
  if (raw === undefined || raw === '') return 1;
  return parseWholeNumber(raw, name, { min: 1, max: MAX_PAGE });
}

export function pageOf<T>(items: T[], page: number, perPage: number, total: number): Page<T> {
  return { items, page, perPage, total, pageCount: Math.max(1, Math.ceil(total / perPage)) };
}
