import { badRequest } from './errors.js';

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
  const s = String(raw);
  if (!/^\d{1,6}$/.test(s) || Number(s) < 1 || Number(s) > MAX_PAGE) {
    throw badRequest(`"${name}" must be a whole number from 1 to ${MAX_PAGE}.`);
  }
  return Number(s);
}

export function pageOf<T>(items: T[], page: number, perPage: number, total: number): Page<T> {
  return { items, page, perPage, total, pageCount: Math.max(1, Math.ceil(total / perPage)) };
}
