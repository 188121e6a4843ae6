import { calendarDate } from './time.js';

/**
 * An article's canonical path: /YYYY/MM/DD/slug, dated in the site's time
 * zone. Unpublished articles have no date yet and live under /preview/.
 */
export function articlePath(slug: string, publishedAt: string | null, timezone: string): string {
  if (!publishedAt) return `/preview/${slug}`;
  const { year, month, day } = calendarDate(publishedAt, timezone);
  return `/${year}/${month}/${day}/${slug}`;
}

export const sectionPath = (slug: string): string => `/section/${slug}`;
export const tagPath = (slug: string): string => `/tag/${slug}`;
export const authorPath = (slug: string): string => `/author/${slug}`;
