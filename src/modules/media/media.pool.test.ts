import { describe, expect, it } from 'vitest';
import { createImagePool } from './media.pool.js';

/** A job that runs until the test lets it finish. */
function gate<T>(value: T) {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  let started = false;
  return {
    job: async () => {
      started = true;
      await opened;
      return value;
    },
    open: () => open(),
    get started() {
      return started;
    },
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('image pool', () => {
  it('runs at most `concurrency` jobs at once; the others wait their turn, in order', async () => {
    const pool = createImagePool({ concurrency: 2, maxQueue: 5 });
    const jobs = [gate(0), gate(1), gate(2), gate(3)];
    const results = jobs.map((g) => pool.run(g.job));
    await tick();
    expect(jobs.map((g) => g.started)).toEqual([true, true, false, false]);
    expect([pool.active, pool.queued]).toEqual([2, 2]);

    jobs[1]!.open();
    await tick();
    // The first waiting job takes the freed slot; the last still waits.
    expect(jobs.map((g) => g.started)).toEqual([true, true, true, false]);
    expect([pool.active, pool.queued]).toEqual([2, 1]);

    for (const g of jobs) g.open();
    expect(await Promise.all(results)).toEqual([0, 1, 2, 3]);
    expect([pool.active, pool.queued]).toEqual([0, 0]);
  });

  it('refuses a job beyond the queue with 503 and Retry-After, and takes new ones once there is room', async () => {
    const pool = createImagePool({ concurrency: 1, maxQueue: 1, retryAfterSeconds: 7 });
    const running = gate('running');
    const waiting = gate('waiting');
    const first = pool.run(running.job);
    const second = pool.run(waiting.job);
    const refused = gate('refused');
    await expect(pool.run(refused.job)).rejects.toMatchObject({
      code: 'busy',
      status: 503,
      message: expect.stringMatching(/Too many images are being processed right now/),
      details: { retryAfterSeconds: 7 },
    });
    expect(refused.started).toBe(false);

    // An import asks to wait: it queues beyond the bound instead of being refused.
    const patient = gate('patient');
    const third = pool.run(patient.job, { wait: true });
    expect(pool.queued).toBe(2);

    running.open();
    waiting.open();
    patient.open();
    expect(await Promise.all([first, second, third])).toEqual(['running', 'waiting', 'patient']);
    const again = gate('again');
    again.open();
    await expect(pool.run(again.job)).resolves.toBe('again');
  });

  it('frees the slot of a job that fails, whether it throws at once or later', async () => {
    const pool = createImagePool({ concurrency: 1, maxQueue: 0 });
    await expect(
      pool.run(() => {
        throw new Error('thrown');
      }),
    ).rejects.toThrow('thrown');
    await expect(pool.run(() => Promise.reject(new Error('rejected')))).rejects.toThrow('rejected');
    expect(pool.active).toBe(0);
    await expect(pool.run(async () => 'ok')).resolves.toBe('ok');
  });

  it('refuses settings that would not bound anything', () => {
    expect(() => createImagePool({ concurrency: 0, maxQueue: 1 })).toThrow(/concurrency/);
    expect(() => createImagePool({ concurrency: 1.5, maxQueue: 1 })).toThrow(/concurrency/);
    expect(() => createImagePool({ concurrency: 1, maxQueue: -1 })).toThrow(/queue/);
  });
});
