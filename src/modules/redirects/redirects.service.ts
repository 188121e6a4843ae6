import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import { authorPath, sectionPath, tagPath } from '../../platform/urls.js';
import type { ArticlesService } from '../articles/articles.service.js';
import type { AuthorsService } from '../authors/authors.service.js';
import type { SectionsService } from '../sections/sections.service.js';
import { oldPathKey } from './redirects.paths.js';
import * as repo from './redirects.repository.js';

/*
 * Old addresses that lead somewhere here: an imported story's WordPress
 * permalink, a category, tag or author archive. Each leads to a thing, not to
 * an address, and the thing's address is looked up when the old one is
 * requested, so a later change of slug or date still lands right; a thing
 * readers cannot see (a draft, an unpublished story) leads nowhere.
 */

export type RedirectKind = 'article' | 'section' | 'tag' | 'author';

interface Deps {
  db: Db;
  clock: Clock;
  articles: Pick<ArticlesService, 'refs'>;
  sections: Pick<SectionsService, 'byIds' | 'publicTagsByIds'>;
  authors: Pick<AuthorsService, 'byId'>;
}

export type RedirectsService = ReturnType<typeof createRedirectsService>;

export function createRedirectsService({ db, clock, articles, sections, authors }: Deps) {
  async function currentPath(kind: string, id: number): Promise<string | null> {
    switch (kind) {
      case 'article':
        return (await articles.refs([id])).get(id)?.path ?? null;
      case 'section': {
        const section = (await sections.byIds([id])).get(id);
        return section ? sectionPath(section.slug) : null;
      }
      case 'tag': {
        // An old tag archive leads on only once the tag is public, so a redirect never names a tag that is still embargoed.
        const tag = (await sections.publicTagsByIds([id])).get(id);
        return tag ? tagPath(tag.slug) : null;
      }
      case 'author': {
        const author = await authors.byId(id);
        return author ? authorPath(author.slug) : null;
      }
      default:
        return null;
    }
  }

  return {
    /**
     * Let old addresses lead to a thing, in the caller's transaction. An
     * address already leading to this thing is left as it is; one leading to
     * something else keeps leading there and is returned among `taken`.
     */
    async record(trx: Db, addresses: string[], kind: RedirectKind, id: number): Promise<{ added: number; taken: string[] }> {
      const keys = [...new Set(addresses.map(oldPathKey).filter((k): k is string => k !== null))];
      let added = 0;
      const taken: string[] = [];
      for (const path of keys) {
        const existing = await repo.findByPath(trx, path);
        if (!existing) {
          await repo.insertRedirect(trx, { path, target_kind: kind, target_id: id, created_at: clock.now().toISOString() });
          added++;
        } else if (existing.target_kind !== kind || existing.target_id !== id) taken.push(path);
      }
      return { added, taken };
    },

    /**
     * A section, tag or author left `oldPath` for a new slug: the old
     * address now leads to it, whatever it led to before. Chains cannot
     * form (an address leads to a thing, whose current address is looked up
     * when asked), and a page that takes the address later wins, because
     * old addresses are looked up only where the site would answer 404.
     */
    async moved(kind: RedirectKind, id: number, oldPath: string): Promise<void> {
      const path = oldPathKey(oldPath);
      if (path) await repo.replaceRedirect(db, { path, target_kind: kind, target_id: id, created_at: clock.now().toISOString() });
    },

    /** The current address an old one (a path with its query) leads to, or null when it leads nowhere. */
    async resolve(address: string): Promise<string | null> {
      const key = oldPathKey(address);
      if (!key) return null;
      const row = await repo.findByPath(db, key);
      if (!row) return null;
      const path = await currentPath(row.target_kind, row.target_id);
      // Never send a reader back to the address they asked for.
      return path && oldPathKey(path) !== key ? path : null;
    },
  };
}
