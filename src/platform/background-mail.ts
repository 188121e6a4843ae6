import { MailError, type Mailer, type MailMessage } from './mailer.js';

/** Why an email did not go out, fit for the log: never the address, link or text. */
export interface MailFailure {
  message: string;
  code?: string;
  responseCode?: number;
}

/** How sending one email went, known once the mail server has answered. */
export type MailOutcome = { ok: true } | { ok: false; error: MailFailure };

/** What a failed send may be logged as. Only MailError messages are ours, so only they are quoted. */
export function mailFailure(err: unknown): MailFailure {
  const e = err instanceof MailError ? err : undefined;
  return {
    message: e ? e.message : 'the mailer failed',
    ...(e?.code !== undefined ? { code: e.code } : {}),
    ...(e?.responseCode !== undefined ? { responseCode: e.responseCode } : {}),
  };
}

export interface BackgroundSend {
  /** Runs before the outcome is known when sending failed, e.g. to take back a link that never arrived; its own failure is ignored. */
  onFailure?: () => Promise<unknown>;
  /** Told the outcome; `settled()` waits for it too. */
  onResult?: (outcome: MailOutcome) => void;
}

export type BackgroundSender = ReturnType<typeof createBackgroundSender>;

/**
 * Sends email without making the request wait for the mail server, so an
 * answer takes as long whether or not an email went out. Keeps track of
 * sends in flight so shutdown and tests can wait for them.
 */
export function createBackgroundSender(mailer: Mailer) {
  const pending = new Set<Promise<unknown>>();
  return {
    /** Start sending; the promise never rejects. */
    send(message: MailMessage, { onFailure, onResult }: BackgroundSend = {}): Promise<MailOutcome> {
      const delivery = mailer
        .send(message)
        .then(
          (): MailOutcome => ({ ok: true }),
          async (err: unknown): Promise<MailOutcome> => {
            try {
              await onFailure?.();
            } catch {
              // The email is lost either way; say so rather than fail differently.
            }
            return { ok: false, error: mailFailure(err) };
          },
        )
        .then((outcome) => {
          try {
            onResult?.(outcome);
          } catch {
            // A failing log line must not become a failed send.
          }
          return outcome;
        });
      pending.add(delivery);
      void delivery.finally(() => pending.delete(delivery));
      return delivery;
    },

    /** Wait until every email started so far has been handed over (or has failed). */
    async settled(): Promise<void> {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
