import type { Db } from '../../platform/db/database.js';
import { containsText } from '../../platform/like.js';

/**
 * The readers whose display name or email contains a LIKE pattern (see
 * platform/like.ts), as a subquery of ids, for the moderators' search of
 * comments by who wrote them (wired in src/services.ts).
 */
export function readersMatching(db: Db, pattern: string) {
  return db
    .selectFrom('readers')
    .select('readers.id')
    .where((eb) => eb.or([containsText('readers.display_name', pattern), containsText('readers.email', pattern)]));
}
