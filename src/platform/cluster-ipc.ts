import type { ContentChange, ContentEvents } from './events.js';
import type { Count, RateCounter, WindowCounters } from './rate-limit-store.js';

/*
 * What the workers of `broadsheet serve --workers N` and their primary say to
 * each other over the cluster's IPC channel (process.send / 'message'):
 *
 * - a change a worker made ('bs:change') goes to the primary, which passes it
 *   to every other worker; each tells its own caches and live streams
 *   (ContentEvents.receive), as LISTEN/NOTIFY does on PostgreSQL;
 * - on SQLite, a worker asks the primary to count a rate-limited request
 *   ('bs:hit'), and the primary answers the shared count ('bs:count');
 * - the primary asks a worker to close gracefully ('bs:stop');
 * - a worker that has closed says so ('bs:closed') and waits for the
 *   primary's answer ('bs:closed-ack') before it exits (leaveCluster);
 * - a worker asked for /metrics asks the primary for every worker's
 *   metrics summed ('bs:metrics'), and gets them as text, or a failure
 *   ('bs:metrics-text').
 */

export type IpcMessage =
  | { t: 'bs:change'; kind: string; id?: number }
  | { t: 'bs:hit'; n: number; key: string; windowMs: number }
  | { t: 'bs:count'; n: number; current: number; ttl: number }
  | { t: 'bs:stop' }
  | { t: 'bs:closed' }
  | { t: 'bs:closed-ack' }
  | { t: 'bs:metrics'; n: number }
  | { t: 'bs:metrics-text'; n: number; text?: string; error?: string };

/** Anything else on the channel (Node's own cluster messages among them) is not ours. */
export function isIpcMessage(m: unknown): m is IpcMessage {
  return typeof m === 'object' && m !== null && typeof (m as { t?: unknown }).t === 'string' && (m as { t: string }).t.startsWith('bs:');
}

/** The end of the channel a worker holds: `process` in a cluster worker. */
export interface Channel {
  send?: ((message: IpcMessage) => boolean) | undefined;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  off(event: 'message', listener: (message: unknown) => void): unknown;
}

/** In a worker: send this worker's changes to the others through the primary, and receive theirs. Returns the disconnect. */
export function connectChangesOverIpc(events: ContentEvents, channel: Channel): () => void {
  const onMessage = (m: unknown) => {
    if (!isIpcMessage(m) || m.t !== 'bs:change' || typeof m.kind !== 'string') return;
    events.receive({ kind: m.kind, ...(Number.isSafeInteger(m.id) ? { id: m.id! } : {}) });
  };
  channel.on('message', onMessage);
  const disconnect = events.connect({
    publish: (change: ContentChange) => {
      try {
        channel.send?.({ t: 'bs:change', kind: change.kind, ...(change.id !== undefined ? { id: change.id } : {}) });
      } catch {
        // The primary is gone: this worker is on its way out.
      }
    },
  });
  return () => {
    channel.off('message', onMessage);
    disconnect();
  };
}

type Answer = Extract<IpcMessage, { t: 'bs:count' } | { t: 'bs:metrics-text' }>;

/**
 * In a worker: questions to the primary, each answered by one message of
 * type `answer` carrying the question's number; `read` turns that message
 * into the answer (or an error). A question not answered within `timeoutMs`
 * fails with `noAnswer`.
 */
function questionsToPrimary<A extends Answer, T>(channel: Channel, answer: A['t'], read: (m: A) => T | Error, timeoutMs: number, noAnswer: string) {
  let next = 0;
  const waiting = new Map<number, { resolve: (value: T) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  const onMessage = (m: unknown) => {
    if (!isIpcMessage(m) || m.t !== answer) return;
    const w = waiting.get((m as A).n);
    if (!w) return;
    waiting.delete((m as A).n);
    clearTimeout(w.timer);
    const out = read(m as A);
    if (out instanceof Error) w.reject(out);
    else w.resolve(out);
  };
  channel.on('message', onMessage);
  return {
    ask(question: (n: number) => IpcMessage): Promise<T> {
      return new Promise((resolve, reject) => {
        const n = (next = (next + 1) % Number.MAX_SAFE_INTEGER);
        const timer = setTimeout(() => {
          waiting.delete(n);
          reject(new Error(noAnswer));
        }, timeoutMs);
        timer.unref();
        waiting.set(n, { resolve, reject, timer });
        try {
          if (!channel.send) throw new Error('no channel to the primary process');
          channel.send(question(n));
        } catch (err) {
          waiting.delete(n);
          clearTimeout(timer);
          reject(err as Error);
        }
      });
    },
    close() {
      channel.off('message', onMessage);
      for (const w of waiting.values()) clearTimeout(w.timer);
      waiting.clear();
    },
  };
}

/** How long a worker waits for the primary's count before letting the request through uncounted. */
const COUNT_TIMEOUT_MS = 2000;

/** In a worker: rate-limit counts kept by the primary. */
export function ipcRateCounter(channel: Channel): RateCounter & { close(): void } {
  const questions = questionsToPrimary(
    channel,
    'bs:count',
    (m: Extract<Answer, { t: 'bs:count' }>): Count => ({ current: m.current, ttl: m.ttl }),
    COUNT_TIMEOUT_MS,
    'the primary process did not answer a rate-limit count',
  );
  return {
    hit: (key, windowMs) => questions.ask((n) => ({ t: 'bs:hit', n, key, windowMs })),
    close: () => questions.close(),
  };
}

/** How long a worker waits for the primary's summed metrics (the primary waits up to 5 s for each worker's). */
const METRICS_TIMEOUT_MS = 8000;

/** In a worker: every worker's metrics, summed by the primary. */
export function askPrimaryForMetrics(channel: Channel): { metrics(): Promise<string>; close(): void } {
  const questions = questionsToPrimary(
    channel,
    'bs:metrics-text',
    (m: Extract<Answer, { t: 'bs:metrics-text' }>) => (typeof m.text === 'string' ? m.text : new Error(`the primary process could not gather the workers' metrics: ${m.error ?? 'no reason given'}`)),
    METRICS_TIMEOUT_MS,
    'the primary process did not answer with the metrics',
  );
  return {
    metrics: () => questions.ask((n) => ({ t: 'bs:metrics', n })),
    close: () => questions.close(),
  };
}

/** A worker as the primary sees it. */
export interface WorkerEnd {
  send(message: IpcMessage): unknown;
  isConnected(): boolean;
}

/**
 * In the primary: answer a worker's message. Changes go to every other
 * connected worker; counts are kept in `counters`.
 */
export function relayFromWorker(from: WorkerEnd, message: unknown, workers: () => Iterable<WorkerEnd>, counters: WindowCounters, metrics?: () => Promise<string>): void {
  if (!isIpcMessage(message)) return;
  if (message.t === 'bs:change') {
    const change: IpcMessage = { t: 'bs:change', kind: message.kind, ...(message.id !== undefined ? { id: message.id } : {}) };
    for (const w of workers()) if (w !== from && w.isConnected()) w.send(change);
  } else if (message.t === 'bs:hit' && typeof message.key === 'string' && Number.isFinite(message.windowMs)) {
    const count = counters.hitNow(message.key, message.windowMs);
    if (from.isConnected()) from.send({ t: 'bs:count', n: message.n, ...count });
  } else if (message.t === 'bs:closed') {
    if (from.isConnected()) from.send({ t: 'bs:closed-ack' });
  } else if (message.t === 'bs:metrics' && Number.isSafeInteger(message.n)) {
    const n = message.n;
    const answer = (m: IpcMessage) => {
      if (from.isConnected()) from.send(m);
    };
    if (!metrics) answer({ t: 'bs:metrics-text', n, error: 'metrics are not gathered here' });
    else
      metrics().then(
        (text) => answer({ t: 'bs:metrics-text', n, text }),
        (err: unknown) => answer({ t: 'bs:metrics-text', n, error: err instanceof Error ? err.message : String(err) }),
      );
  }
}

/** How long a closed worker waits for the primary's answer before exiting anyway. */
const LEAVE_TIMEOUT_MS = 2000;

/**
 * In a worker whose server has closed, before it exits: a round trip to the
 * primary. The primary hands each connection to a worker over this channel;
 * one it sent just before it learnt that this worker's server had closed is
 * still on its way here. Node's cluster sends such a connection back to the
 * primary, which gives it to another worker, but only if this worker is
 * still running when it arrives; otherwise the primary waits for an answer
 * that never comes and the client's connection hangs. The channel keeps
 * order, so once the primary's answer to 'bs:closed' is here, every
 * connection it sent this way has been here too, and has been sent back.
 */
export function leaveCluster(channel: Channel, timeoutMs = LEAVE_TIMEOUT_MS): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      channel.off('message', onMessage);
      resolve();
    };
    const onMessage = (m: unknown) => {
      if (isIpcMessage(m) && m.t === 'bs:closed-ack') done();
    };
    const timer = setTimeout(done, timeoutMs);
    channel.on('message', onMessage);
    if (!channel.send) return done();
    try {
      channel.send({ t: 'bs:closed' });
    } catch {
      done(); // The primary is gone: nothing can be on its way.
    }
  });
}
