import type { Counts, TokenCounts } from './model.js';
import { ALL_CAPS, LINK, LONG_REPEAT, MANY_LINKS } from './tokenize.js';

/*
 * What a fresh install knows before any moderator has decided anything: words
 * typical of commercial spam and words typical of civil discussion of the news.
 * They count as if seen in a few of SEED_DOCUMENTS imaginary comments of each
 * kind, so each one weighs about ±0.6 in log-odds (model.ts): one mention
 * alone stays under the default hold score (0.7), two or more together cross
 * it. As the site's own decisions accumulate they outweigh this list.
 * Words are single tokens in tokenize()'s form (lower case, 2–30 characters).
 */

const SEED_DOCUMENTS = 20;
const SPAMMY: TokenCounts = { spam: 2, ham: 1 };
const CIVIL: TokenCounts = { spam: 1, ham: 2 };
/** A milder sign (about +0.5): common in spam, but in civil comments too. */
const MILD: TokenCounts = { spam: 5, ham: 3 };

export const SPAM_WORDS: readonly string[] = [
  // gambling and money schemes
  'casino',
  'jackpot',
  'slots',
  'poker',
  'betting',
  'bonus',
  'lottery',
  'payday',
  'loan',
  'loans',
  'crypto',
  'bitcoin',
  'forex',
  'airdrop',
  'nft',
  'refinance',
  'unsecured',
  'earn',
  'income',
  'passive',
  'moneyback',
  'guaranteed',
  'wholesale',
  'replica',
  'rolex',
  // pharmacy and adult
  'viagra',
  'cialis',
  'levitra',
  'pharmacy',
  'pills',
  'prescription',
  'slimming',
  'keto',
  'cbd',
  'escort',
  'escorts',
  'hookup',
  'webcam',
  'xxx',
  'porn',
  // selling and calls to action
  'click',
  'subscribe',
  'promo',
  'discount',
  'coupon',
  'coupons',
  'cheap',
  'cheapest',
  'deals',
  'giveaway',
  'prize',
  'winner',
  'dm',
  'whatsapp',
  'telegram',
  'followers',
  'seo',
  'backlinks',
  'essays',
  'hacker',
];

export const CIVIL_WORDS: readonly string[] = [
  'article',
  'reporting',
  'reporter',
  'journalism',
  'coverage',
  'story',
  'piece',
  'headline',
  'editor',
  'correction',
  'council',
  'councillor',
  'minister',
  'parliament',
  'budget',
  'policy',
  'residents',
  'community',
  'election',
  'vote',
  'agree',
  'disagree',
  'think',
  'argument',
  'point',
  'evidence',
  'source',
  'sources',
  'context',
  'figures',
  'research',
  'study',
  'fair',
  'balanced',
  'however',
  'although',
  'perhaps',
  'interesting',
  'thanks',
  'thank',
];

const SHAPES: [string, TokenCounts][] = [
  // News readers cite sources, so a single link is only a mild sign.
  [LINK, MILD],
  [MANY_LINKS, SPAMMY],
  [ALL_CAPS, SPAMMY],
  [LONG_REPEAT, MILD],
];

const SEEDED = new Map<string, TokenCounts>([...SPAM_WORDS.map((w): [string, TokenCounts] => [w, SPAMMY]), ...CIVIL_WORDS.map((w): [string, TokenCounts] => [w, CIVIL]), ...SHAPES]);

/**
 * The built-in pseudo-counts, to be merged with what the site has learnt. The
 * imaginary comments speak only of the listed features: another word is judged
 * only against the site's real decisions.
 */
export const SEED_COUNTS: Counts = {
  spamDocs: SEED_DOCUMENTS,
  hamDocs: SEED_DOCUMENTS,
  tokens: SEEDED,
  listedOnly: { spamDocs: SEED_DOCUMENTS, hamDocs: SEED_DOCUMENTS, tokens: new Set(SEEDED.keys()) },
};
