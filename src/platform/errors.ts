/**
 * Errors a request can end in. Each has a stable code, an HTTP status and a
 * message written for the person who made the request. Anything else thrown
 * is a bug: the handler logs it and answers a plain 500.
 */
export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const notFound = (what = 'page') =>
  new AppError('not_found', 404, `We couldn't find that ${what}.`);

export const badRequest = (message: string, details?: Record<string, unknown>) =>
  new AppError('bad_request', 400, message, details);

export const invalidInput = (message: string, details?: Record<string, unknown>) =>
  new AppError('invalid_input', 422, message, details);

export const conflict = (message: string) => new AppError('conflict', 409, message);

export const isAppError = (err: unknown): err is AppError => err instanceof AppError;
