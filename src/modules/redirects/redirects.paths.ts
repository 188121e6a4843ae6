/*
 * Old addresses as the redirects table keys them: the path only, percent
 * escapes decoded, lower-case, without a trailing slash. The site root is
 * only an old address with one of WordPress's query forms (`/?p=123`,
 * `/?page_id=`, `/?cat=`, `/?tag=`, `/?author=`), which then stays in the key.
 */

/** The query parameters by which WordPress answers at its root (and index.php). */
export const OLD_QUERY_KEYS = ['p', 'page_id', 'cat', 'tag', 'author'] as const;

const MAX_PATH = 1000;

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Whether a request's query asks for one of WordPress's root forms (then it is no request for the home page). */
export function hasOldQuery(query: unknown): boolean {
  if (!query || typeof query !== 'object') return false;
  return OLD_QUERY_KEYS.some((k) => (query as Record<string, unknown>)[k] !== undefined);
}

/**
 * The key of an old address (an absolute URL or a path with its query), or
 * null when it names nothing a redirect could stand for (the bare root, an
 * unparseable or over-long address).
 */
export function oldPathKey(address: string): string | null {
  let url: URL;
  try {
    url = new URL(address, 'http://old.invalid');
  } catch {
    return null;
  }
  const path = url.pathname
    .split('/')
    .map(decodeSegment)
    .join('/')
    .normalize('NFC')
    .toLowerCase()
    .replace(/\/{2,}/g, '/')
    .replace(/\/index\.php$/, '/')
    .replace(/\/+$/, '');
  if (path === '') {
    const key = OLD_QUERY_KEYS.find((k) => url.searchParams.get(k)?.trim());
    if (!key) return null;
    return `/?${key}=${encodeURIComponent(url.searchParams.get(key)!.trim().toLowerCase())}`;
  }
  return path.length <= MAX_PATH ? path : null;
}
