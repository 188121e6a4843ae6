import sharp from 'sharp';
import { AppError } from '../../platform/errors.js';

/*
 * The image pool: every full decode of an image in this process (uploads,
 * imported images, link previews) runs in one of its few slots, so memory
 * and CPU stay bounded however many requests arrive at once. Work that
 * finds every slot taken waits in a short queue; beyond it, the request is
 * refused with 503 and Retry-After instead of piling up decoded pixels.
 * Reading an image's header (media.processing.ts, inspectImage) is cheap and
 * happens before a slot is asked for, so an image that breaks a limit is
 * refused at once, busy or not.
 */

export interface ImagePoolOptions {
  /** Image jobs decoding at once (each is one image: its original and renditions, one after another). */
  concurrency: number;
  /** Jobs that may wait for a slot; one more is refused with 503. */
  maxQueue: number;
  /** What Retry-After says when the queue is full. */
  retryAfterSeconds?: number;
}

export interface RunOptions {
  /**
   * Wait for a slot however long the queue (the import, which works through
   * its images one at a time inside a transaction that a refusal would spoil).
   */
  wait?: boolean;
}

export interface ImagePool {
  run<T>(job: () => Promise<T>, options?: RunOptions): Promise<T>;
  /** Jobs decoding now. */
  readonly active: number;
  /** Jobs waiting for a slot. */
  readonly queued: number;
  readonly concurrency: number;
  readonly maxQueue: number;
}

export const DEFAULT_POOL = Object.freeze({ concurrency: 2, maxQueue: 8, retryAfterSeconds: 10 });

export const busy = (retryAfterSeconds: number) =>
  new AppError('busy', 503, 'Too many images are being processed right now. Nothing was saved; please try again in a few seconds.', { retryAfterSeconds });

export function createImagePool({ concurrency, maxQueue, retryAfterSeconds = DEFAULT_POOL.retryAfterSeconds }: ImagePoolOptions): ImagePool {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`image pool concurrency must be a positive integer, not ${concurrency}`);
  if (!Number.isInteger(maxQueue) || maxQueue < 0) throw new Error(`image pool queue must be a whole number, not ${maxQueue}`);
  let active = 0;
  const waiting: (() => void)[] = [];

  const next = () => {
    if (active >= concurrency) return;
    const start = waiting.shift();
    if (start) {
      active++;
      start();
    }
  };

  return {
    run<T>(job: () => Promise<T>, options: RunOptions = {}): Promise<T> {
      if (active >= concurrency && waiting.length >= maxQueue && !options.wait) return Promise.reject(busy(retryAfterSeconds));
      return new Promise<T>((resolve, reject) => {
        waiting.push(() => {
          let started: Promise<T>;
          try {
            started = job();
          } catch (err) {
            started = Promise.reject(err);
          }
          started.then(resolve, reject).finally(() => {
            active--;
            next();
          });
        });
        next();
      });
    },
    get active() {
      return active;
    },
    get queued() {
      return waiting.length;
    },
    concurrency,
    maxQueue,
  };
}

/**
 * sharp's own settings for a process that decodes through a pool of
 * `concurrency` slots: no operation cache (every upload is a new image, so
 * the cache only holds memory), and libvips threads per image shared out so
 * that full slots use the machine's cores without oversubscribing them.
 * Process-wide, as sharp's settings are.
 */
export function tuneSharp(concurrency: number, cores: number): void {
  sharp.cache(false);
  sharp.concurrency(Math.max(1, Math.floor(cores / concurrency)));
}
