import { describe, expect, it } from 'vitest';
import { watchMail } from './observability.js';
import type { MailMessage } from './platform/mailer.js';
import { Metrics } from './platform/metrics.js';

const message = { to: 'reader@example.org', subject: 'Hello', text: 'Hi.' } as unknown as MailMessage;

describe('counting email', () => {
  it('counts emails on their way, sent and failed, and never names who they were for', async () => {
    const metrics = new Metrics();
    let release: () => void = () => {};
    let fail = false;
    const mailer = watchMail(metrics, {
      send: () =>
        new Promise<void>((resolve, reject) => {
          release = fail ? () => reject(new Error('550 no such user')) : resolve;
        }),
    });
    const first = mailer.send(message);
    expect(await metrics.registry.metrics()).toContain('broadsheet_mail_sending 1');
    release();
    await first;
    fail = true;
    const second = mailer.send(message);
    release();
    await expect(second).rejects.toThrow('550 no such user');
    const text = await metrics.registry.metrics();
    expect(text).toContain('broadsheet_mail_sending 0');
    expect(text).toContain('broadsheet_mail_total{result="sent"} 1');
    expect(text).toContain('broadsheet_mail_total{result="failed"} 1');
    expect(text).not.toContain('reader@example.org');
  });

  it('leaves the mailer alone when metrics are off', () => {
    const mailer = { send: async () => {} };
    expect(watchMail(null, mailer)).toBe(mailer);
  });
});
