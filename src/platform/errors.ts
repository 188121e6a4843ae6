/*
 * The error catalogue: every error a request can end in, with a stable code
 * (what API clients branch on, listed in docs/api.md), an HTTP status and a
 * message written for the person who made the request. Anything else thrown
 * is a bug: the handler logs it and answers a plain 500.
 */

/** Every code an error answer can carry. Add one here, with its meaning, before using it. */
export type ErrorCode =
  // 400: the request itself is malformed
  | 'bad_request' // a value the person can fix, said in the message
  | 'invalid_request' // the request does not fit the endpoint's schema
  | 'invalid_characters' // text holding a NUL, another control character or a broken (lone surrogate) character
  | 'automated' // a comment form sent too fast or with the honeypot filled
  | 'unsubscribe_link_invalid'
  // 401: who is asking is unknown
  | 'unauthorized' // an API endpoint that needs a token got none
  | 'invalid_token' // a revoked, expired or unknown API token
  | 'invalid_credentials' // a wrong email or password; a passkey that is unknown, does not verify, or was refused
  | 'not_signed_in' // a reader endpoint without a reader session
  | 'signed_out' // the staff session ended while editing, or while adding a passkey
  | 'second_step_required' // a right password for an account with two-step sign-in, where only a password can be given
  | 'wrong_code' // a wrong, expired or already used two-step sign-in code (or password, turning it off)
  | 'sign_in_step_expired' // the step between password and code expired, was used, or had too many wrong codes
  // 403: known, but not allowed
  | 'forbidden'
  | 'csrf' // a form or request without this site's CSRF token
  | 'setup_code_wrong'
  | 'sign_in_required'
  | 'unverified' // a reader who has not confirmed their email
  | 'banned'
  | 'comments_closed'
  | 'edit_window_closed'
  // 404
  | 'not_found'
  // 409: the state does not allow it
  | 'conflict'
  | 'invalid_transition'
  | 'checklist_blockers'
  | 'comment_deleted'
  // 413, 414, 415
  | 'payload_too_large'
  | 'uri_too_long'
  | 'unsupported_media'
  // 422: well-formed but not acceptable
  | 'invalid_input'
  | 'not_approved'
  // emailed links that cannot be used (unknown, expired, used, or their account disabled)
  | 'reader_link_unknown'
  | 'reader_link_expired'
  | 'reader_link_used'
  | 'reset_link_unknown'
  | 'reset_link_expired'
  | 'reset_link_used'
  | 'reset_link_revoked'
  | 'invitation_unknown'
  | 'invitation_expired'
  | 'invitation_used'
  | 'mail_failed' // 503: an email the person waits for could not be handed to the mail server
  // 429, 500, 503, 507
  | 'rate_limited' // too many requests from one address, account or token (with Retry-After)
  | 'too_many_attempts' // sign-in throttled for this account from this address (with Retry-After)
  | 'internal'
  | 'busy'
  | 'overloaded' // the process is shedding load (load-shedding.ts; with Retry-After)
  | 'unavailable' // the database cannot be reached or used right now (with Retry-After)
  | 'disk_full'; // 507: the server's disk (or the database's size limit) is full; nothing was saved

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const notFound = (what = 'page') => new AppError('not_found', 404, `We couldn't find that ${what}.`);

export const badRequest = (message: string, details?: Record<string, unknown>) => new AppError('bad_request', 400, message, details);

export const invalidInput = (message: string, details?: Record<string, unknown>) => new AppError('invalid_input', 422, message, details);

export const conflict = (message: string) => new AppError('conflict', 409, message);

export const forbidden = (message = 'Your role does not allow this. Ask an editor or an admin.') => new AppError('forbidden', 403, message);

export const payloadTooLarge = (message: string, details?: Record<string, unknown>) => new AppError('payload_too_large', 413, message, details);

export const unsupportedMediaType = (message: string, details?: Record<string, unknown>) => new AppError('unsupported_media', 415, message, details);

export const rateLimited = (message: string, retryAfterSeconds: number) => new AppError('rate_limited', 429, message, { retryAfterSeconds });

export const isAppError = (err: unknown): err is AppError => err instanceof AppError;

/** The codes that mean "no room left": SQLite's, Node's (a file write) and PostgreSQL's (SQLSTATE 53100). */
const DISK_FULL_CODES = new Set(['SQLITE_FULL', 'ENOSPC', '53100']);

/** Whether `err` (or an error it was caused by) says the disk, or the database's size limit, is full. */
export function isDiskFull(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && DISK_FULL_CODES.has(code)) return true;
    if (isAppError(e) && e.code === 'disk_full') return true;
  }
  return false;
}

/** What the person is told when a write found no room: nothing they sent was kept, and it is not their fault. */
export const diskFull = () => new AppError('disk_full', 507, "The server's disk is full; nothing was saved. Please try again later.");
