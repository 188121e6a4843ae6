import rateLimit, { type RateLimitOptions } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { clientKey } from './client-address.js';
import { AppError } from './errors.js';
import { type RateCounter, storeCountingWith } from './rate-limit-store.js';

/*
 * One rate limiter for the whole site, registered once at the root: every
 * route that needs a limit names one of the presets below in
 * `config: { rateLimit: RATE_LIMITS.x }`. All count per client address
 * (clientKey: IPv6 by /64, behind proxies the right-most untrusted address)
 * unless a preset counts per signed-in account or API token, and all answer
 * 429 "rate_limited" with Retry-After, as JSON for the API and as the error
 * page for browsers.
 */

type Preset = Pick<RateLimitOptions, 'timeWindow' | 'hook' | 'keyGenerator'> & { max: number | ((req: FastifyRequest, key: string) => Promise<number>) };

export const RATE_LIMITS = {
  /** Password sign-in, staff and readers (the per-account throttle is in the accounts module). */
  signIn: { max: 20, timeWindow: '1 minute' },
  /** Creating the first admin. */
  setup: { max: 10, timeWindow: '1 minute' },
  /** Asking for an emailed link: password reset, sign-in link, email confirmation. */
  emailLink: { max: 5, timeWindow: '15 minutes' },
  /** Using an emailed link (password reset, sign-in, confirmation). */
  linkUse: { max: 20, timeWindow: '15 minutes' },
  /** Reader sign-up. */
  signUp: { max: 10, timeWindow: '15 minutes' },
  /** Changing a reader's own profile or settings. */
  accountEdit: { max: 30, timeWindow: '1 minute' },
  /** Setting or changing a reader's password. */
  passwordChange: { max: 10, timeWindow: '15 minutes' },
  /** Editing or deleting one's own comment. */
  commentEdit: { max: 30, timeWindow: '1 minute' },
  /** Reporting a comment. */
  report: { max: 10, timeWindow: '10 minutes' },
  /** Recommending a comment. */
  reaction: { max: 60, timeWindow: '1 minute' },
  /** Opening or using an unsubscribe link. */
  unsubscribe: { max: 60, timeWindow: '1 minute' },
  /** Searching the site, as a page or through the API. */
  search: { max: 120, timeWindow: '1 minute' },
  /** Uploading an image from the newsroom's forms (see perPrincipal). */
  upload: { max: 20, timeWindow: '1 minute' },
} satisfies Record<string, Preset>;

/**
 * Count per signed-in principal (a staff account, an API token) where
 * `principalOf` names one, per client address otherwise. Counted once the
 * session or token is known (preHandler), so one busy colleague behind the
 * newsroom's address does not use up everyone's allowance.
 */
export const perPrincipal = (principalOf: (req: FastifyRequest) => string | undefined): Pick<Preset, 'hook' | 'keyGenerator'> => ({
  hook: 'preHandler',
  keyGenerator: (req) => principalOf(req) ?? `ip:${clientKey(req)}`,
});

/**
 * Posting a comment: a minute's worth of the site's per-address limit, never
 * below 30, in front of the service's real limits (so an operator who raises
 * commentLimitPerIp for readers behind one newsroom or campus address raises this with it).
 */
export const postingLimit = (perAddressPerMinute: () => Promise<number>): Preset => ({
  max: async () => Math.max(30, await perAddressPerMinute()),
  timeWindow: '1 minute',
});

/**
 * Register the site's one rate limiter; routes opt in through their presets.
 * Counts are kept in this process's memory, or by `counter` when the
 * processes serving the site share them (rate-limit-store.ts).
 */
export async function installRateLimits(app: FastifyInstance, counter?: RateCounter): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    // A shared count that cannot be made (the database or the primary process not answering) lets the request through.
    ...(counter ? { store: storeCountingWith(counter), skipOnError: true } : {}),
    keyGenerator: clientKey,
    errorResponseBuilder: (_req, ctx) =>
      new AppError('rate_limited', 429, `Too many requests from your address: wait ${ctx.after} and try again.`, { retryAfterSeconds: Math.max(1, Math.ceil(ctx.ttl / 1000)) }),
  });
}
