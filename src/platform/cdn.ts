import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ContentChange } from './events.js';

/*
 * Telling a CDN in front what to drop. Every cacheable public page carries
 * its surrogate keys twice, as `Surrogate-Key` (space-separated: Fastly,
 * Varnish) and `Cache-Tag` (comma-separated: Cloudflare, Akamai): `site` on
 * every page, then `article-<id>` on a story's page or `lists` on the other
 * pages (home, sections, tags, authors, feeds, sitemaps). With a purge
 * address configured, the process that made a change POSTs the keys to drop.
 */

/** On every cacheable page. */
export const SITE_KEY = 'site';
/** On every cacheable page that is not a story's own. */
export const LISTS_KEY = 'lists';
export const articleKey = (id: number): string => `article-${id}`;

/** Mark an answer as belonging to these keys (besides the site's); pages that mark nothing get the listings' key. */
export function setSurrogateKeys(reply: FastifyReply, keys: string[]): void {
  const all = [SITE_KEY, ...keys];
  reply.header('surrogate-key', all.join(' ')).header('cache-tag', all.join(','));
}

/** What a CDN must drop after a change: a story's page and the listings; for anything else (comments, settings, sections…), every page. */
export function keysFor(change: ContentChange): string[] {
  if (change.kind === 'article' && change.id !== undefined) return [articleKey(change.id), LISTS_KEY];
  return [SITE_KEY];
}

/** Give every page-cacheable answer its keys (the listings' when its route set none). */
export function installSurrogateKeys(app: FastifyInstance): void {
  app.addHook('onSend', async (req, reply, payload) => {
    if (!req.routeOptions.config?.pageCache || reply.hasHeader('surrogate-key')) return payload;
    if (reply.statusCode !== 200 && reply.statusCode !== 304) return payload;
    setSurrogateKeys(reply, [LISTS_KEY]);
    return payload;
  });
}

export interface PurgerOptions {
  url: string;
  /** A purge request taking longer is abandoned. */
  timeoutMs?: number;
  /** Changes arriving within this time go out in one request. */
  gatherMs?: number;
  onError: (err: unknown, where: string) => void;
  fetch?: typeof fetch;
}

/**
 * Send purges without ever holding up the change: keys gather for a moment,
 * then go out in one POST of `{"keys":[…]}` as JSON. A failure is reported and
 * not retried (the CDN's own limit, `s-maxage`, still holds).
 */
export function createPurger({ url, timeoutMs = 5000, gatherMs = 50, onError, fetch: send = fetch }: PurgerOptions): { purge(keys: string[]): void; settled(): Promise<void> } {
  // Logs name the host only: the address may carry a token.
  const where = new URL(url).host;
  let pending = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const inFlight = new Set<Promise<void>>();

  function flush(): void {
    timer = undefined;
    const keys = [...pending];
    pending = new Set();
    // Purging the whole site covers every other key.
    const body = JSON.stringify({ keys: keys.includes(SITE_KEY) ? [SITE_KEY] : keys });
    const p = send(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(timeoutMs) })
      .then(async (res) => {
        await res.body?.cancel().catch(() => {});
        if (!res.ok) throw new Error(`the purge address answered ${res.status}`);
      })
      .catch((err: unknown) => onError(err, where))
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  }

  return {
    purge(keys) {
      for (const k of keys) pending.add(k);
      if (!timer) {
        timer = setTimeout(flush, gatherMs);
        timer.unref();
      }
    },
    async settled() {
      if (timer) {
        clearTimeout(timer);
        flush();
      }
      await Promise.all([...inFlight]);
    },
  };
}
