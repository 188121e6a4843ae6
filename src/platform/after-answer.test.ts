import { describe, expect, it } from 'vitest';
import { createAfterAnswer } from './after-answer.js';

describe('work after the answer', () => {
  it('never starts before the caller has returned, tells how it went, and is waited for by settled()', async () => {
    const afterAnswer = createAfterAnswer();
    const ran: string[] = [];
    const done = afterAnswer.start(async () => {
      ran.push('work');
      return 'sent';
    });
    ran.push('answer');
    await Promise.resolve();
    expect(ran).toEqual(['answer']);
    await afterAnswer.settled();
    expect(ran).toEqual(['answer', 'work']);
    expect(await done).toBe('sent');
  });

  it('hands a failure to the caller and still settles', async () => {
    const afterAnswer = createAfterAnswer();
    const failed = afterAnswer.start(async () => {
      throw new Error('mail server down');
    });
    await expect(failed).rejects.toThrow('mail server down');
    await afterAnswer.settled();
  });
});
