import type { SearchService } from '../modules/search/search.service.js';

/** Report progress at most this often (in articles). */
const EVERY = 500;

/**
 * `broadsheet search-reindex`: index every article again and tidy the
 * index, reporting progress as it goes; resolves with how many were indexed.
 */
export async function runSearchReindex(search: Pick<SearchService, 'rebuild' | 'settled'>, say: (line: string) => void): Promise<number> {
  let reported = 0;
  const count = await search.rebuild((done, total) => {
    if (done - reported >= EVERY || done === total) {
      say(`  ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} articles`);
      reported = done;
    }
  });
  await search.settled();
  return count;
}
