import { describe, expect, it } from 'vitest';
import { createBackgroundSender, type MailOutcome } from './background-mail.js';
import { MailError, type Mailer } from './mailer.js';

const message = { to: 'ana@example.org', subject: 'Your link', text: 'https://example.org/secret-link' };

/** A mailer whose sends finish only when the test says so. */
function heldMailer() {
  const waiting: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  const mailer: Mailer = { send: () => new Promise<void>((resolve, reject) => waiting.push({ resolve, reject })) };
  return { mailer, waiting };
}

describe('background sender', () => {
  it('reports success, and settled() waits for the send and its listener', async () => {
    const { mailer, waiting } = heldMailer();
    const sender = createBackgroundSender(mailer);
    const seen: MailOutcome[] = [];
    void sender.send(message, { onResult: (o) => seen.push(o) });
    let settled = false;
    const done = sender.settled().then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    waiting[0]!.resolve();
    await done;
    expect(seen).toEqual([{ ok: true }]);
  });

  it('runs the clean-up before answering a failure, and quotes only a MailError', async () => {
    const { mailer, waiting } = heldMailer();
    const sender = createBackgroundSender(mailer);
    const order: string[] = [];
    const mailFailed = sender.send(message, { onFailure: async () => void order.push('clean-up'), onResult: () => order.push('result') });
    waiting[0]!.reject(new MailError('SMTP delivery failed: 550 refused', 'EENVELOPE', 550));
    expect(await mailFailed).toEqual({ ok: false, error: { message: 'SMTP delivery failed: 550 refused', code: 'EENVELOPE', responseCode: 550 } });
    expect(order).toEqual(['clean-up', 'result']);

    const otherFailed = sender.send(message);
    waiting[1]!.reject(new Error(`could not send ${message.text} to ${message.to}`));
    expect(await otherFailed).toEqual({ ok: false, error: { message: 'the mailer failed' } });
  });

  it('never rejects, even when the clean-up or the listener throws', async () => {
    const { mailer, waiting } = heldMailer();
    const sender = createBackgroundSender(mailer);
    const sent = sender.send(message, {
      onFailure: () => Promise.reject(new Error('database gone')),
      onResult: () => {
        throw new Error('log broken');
      },
    });
    waiting[0]!.reject(new MailError('down'));
    expect(await sent).toEqual({ ok: false, error: { message: 'down' } });
    await sender.settled();
  });
});
