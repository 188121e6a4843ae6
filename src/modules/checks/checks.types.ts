/**
 * Pre-publish checks: a checklist computed from a draft, shown to the editor
 * before a story is published. Each check is a small pure function of the
 * draft (and, for links only, an injected resolver); see
 * docs/pre-publish-checks.md for what each one looks for.
 */

/**
 * A blocker must be fixed before publishing; a warning is a probable error,
 * shown with its evidence; a note is a reminder about something that is right
 * today but may not stay so (a relative time that will age).
 */
export type Severity = 'blocker' | 'warning' | 'note';

export interface CheckResult {
  id: string;
  severity: Severity;
  message: string;
  /** The offending excerpt, when there is one. */
  excerpt?: string;
}

export interface DraftForChecks {
  headline: string;
  dek: string;
  excerpt: string;
  /** Markdown (see docs/writing.md). */
  body: string;
  /** When it is (or would be) published, ISO-8601; null when not yet chosen. */
  publishedAt: string | null;
  /** The featured image: its alt text, and the addresses it is stored at (original and renditions), when known. */
  featuredImage: { alt: string; urls?: readonly string[] } | null;
  /** IANA, e.g. "America/Chicago". */
  siteTimezone: string;
}

export interface CheckContext {
  /**
   * Resolve whether a link works: internal paths ("/2024/…", "/section/x") are
   * checked against the site, external http(s) URLs by the caller (may do a
   * HEAD request). Returns true/false, or 'unknown' when it could not be
   * decided (treated as silent).
   */
  linkResolves?: (url: string) => Promise<boolean | 'unknown'>;
  /** "Now", for relative-time checks when publishedAt is null. */
  now: Date;
}

/** One check: the draft in, zero or more results out (in the order found). */
export type Check = (draft: DraftForChecks, ctx: CheckContext) => CheckResult[] | Promise<CheckResult[]>;
