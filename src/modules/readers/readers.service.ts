import { createReadersContext, type ReadersDeps } from './readers.context.js';
import { createAfterAnswer } from '../../platform/after-answer.js';
import { createAccountRequests } from './readers.account-requests.js';
import { createReaderLinks, signInLinkAddress } from './readers.links.js';
import { createLinkMailer, type LinkOutcome } from './readers.mail.js';
import { createReaderProfiles } from './readers.profile.js';
import * as repo from './readers.repository.js';
import { createReaderSessions } from './readers.sessions.js';
import { createReaderStanding } from './readers.standing.js';

/*
 * The readers service, put together from its parts: sign-up and emailed
 * links (readers.links.ts, readers.mail.ts), password sign-in and sessions
 * (readers.sessions.ts), profiles (readers.profile.ts) and standing
 * (readers.standing.ts). Its rules and limits live in readers.rules.ts and
 * are exported from here as well.
 */

export {
  cleanDisplayName,
  isBanned,
  isEmailAddress,
  MAX_BAN_REASON_LENGTH,
  MAX_DISPLAY_NAME_LENGTH,
  MAX_EMAILS_PER_IP_PER_HOUR,
  MAX_LINKS_PER_HOUR,
  PERMANENT_BAN_UNTIL,
  type Reader,
  readUnsubscribe,
  safeNextPath,
  SIGN_IN_LINK_TTL_MS,
  signUnsubscribe,
  VERIFY_LINK_TTL_MS,
} from './readers.rules.js';
export type { LinkOutcome, ReaderMailResult } from './readers.mail.js';
export type { ReaderProfileData } from './readers.account-requests.js';
export type { ReadersDeps } from './readers.context.js';

export type ReadersService = ReturnType<typeof createReadersService>;

/**
 * Reader accounts: signing up, proving an email by an emailed link, signing
 * in by password or by link, sessions, profiles and bans. Readers are kept
 * apart from staff accounts, so no reader can hold a newsroom role. Only
 * SHA-256 hashes of session and link tokens are stored.
 */
export function createReadersService(deps: ReadersDeps) {
  const ctx = createReadersContext(deps);
  const { db, now } = ctx;
  const mail = createLinkMailer(ctx);
  const links = createReaderLinks(ctx, mail);
  const afterAnswer = createAfterAnswer();

  return {
    ...links,

    /**
     * A visitor asks for a sign-in link. Only the address's form is checked
     * now (a 422 when it is not one); looking the reader up, making the link
     * and sending it happen after this returns, so the answer is the same,
     * and as quick, whether or not the address has an account. `outcome`
     * says how it went, for the log only.
     */
    requestSignInLink(emailInput: string, ip: string, next?: string): { outcome: Promise<LinkOutcome> } {
      const email = signInLinkAddress(emailInput);
      return { outcome: afterAnswer.start(() => links.sendSignInLink(email, ip, next)) };
    },
    ...createReaderSessions(ctx),
    ...createReaderProfiles(ctx),
    ...createReaderStanding(ctx),
    ...createAccountRequests(ctx, mail),

    /** Be told how each email went (for the server's log); returns a function that stops it. */
    onMailResult: mail.onMailResult,

    /** Wait until every link request and email started so far has been handed over (or has failed). */
    async settled(): Promise<void> {
      await afterAnswer.settled();
      await mail.settled();
    },

    /** Forget expired sessions and links (run now and then). */
    async prune(): Promise<void> {
      const at = now().toISOString();
      await repo.deleteExpiredSessions(db, at);
      await repo.deleteExpiredLinks(db, at);
    },
  };
}
