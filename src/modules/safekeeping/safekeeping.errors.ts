/**
 * A refusal or failure of an export, import, backup or restore, worded as one
 * line for the operator: what is wrong and what to do. The command prints it
 * and exits 1.
 */
export class SafekeepingError extends Error {
  override name = 'SafekeepingError';
}

/** The system's reason for a failed file operation, e.g. "EACCES". */
export const errnoOf = (err: unknown): string => (err as NodeJS.ErrnoException)?.code ?? (err instanceof Error ? err.message : String(err));
