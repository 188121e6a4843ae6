import { describe, expect, it } from 'vitest';
import { defaultWorkers, parseWorkers } from './cluster.js';
import { EventEmitter } from 'node:events';
import { askPrimaryForMetrics, ipcRateCounter, leaveCluster, relayFromWorker, type Channel, type IpcMessage, type WorkerEnd } from './platform/cluster-ipc.js';
import { WindowCounters } from './platform/rate-limit-store.js';

describe('the number of workers', () => {
  it('defaults to one per core in production and one otherwise', () => {
    expect(defaultWorkers('development')).toBe(1);
    expect(defaultWorkers('test')).toBe(1);
    expect(defaultWorkers('production')).toBeGreaterThanOrEqual(1);
  });

  it('takes whole numbers from 1 to 64 and names the problem otherwise', () => {
    expect(parseWorkers('1', 'WORKERS')).toBe(1);
    expect(parseWorkers(' 64 ', 'WORKERS')).toBe(64);
    for (const bad of ['0', '65', '-2', '2.5', 'four', '', '1e1x']) expect(parseWorkers(bad, '--workers')).toEqual({ problem: `--workers: "${bad}" is not a whole number of workers from 1 to 64` });
  });
});

describe('the primary passing messages between workers', () => {
  const worker = () => {
    const got: IpcMessage[] = [];
    const end: WorkerEnd = { send: (m) => got.push(m), isConnected: () => true };
    return { got, end };
  };

  it('sends a change to every other worker, never back to its sender', () => {
    const [a, b, c] = [worker(), worker(), worker()];
    relayFromWorker(a.end, { t: 'bs:change', kind: 'article', id: 4 }, () => [a.end, b.end, c.end], new WindowCounters());
    expect(a.got).toEqual([]);
    expect(b.got).toEqual([{ t: 'bs:change', kind: 'article', id: 4 }]);
    expect(c.got).toEqual([{ t: 'bs:change', kind: 'article', id: 4 }]);
  });

  it('answers counts from one set of counters, whichever worker asks', () => {
    const [a, b] = [worker(), worker()];
    const counters = new WindowCounters();
    relayFromWorker(a.end, { t: 'bs:hit', n: 1, key: 'k', windowMs: 60_000 }, () => [a.end, b.end], counters);
    relayFromWorker(b.end, { t: 'bs:hit', n: 7, key: 'k', windowMs: 60_000 }, () => [a.end, b.end], counters);
    expect(a.got).toEqual([{ t: 'bs:count', n: 1, current: 1, ttl: 60_000 }]);
    expect(b.got).toMatchObject([{ t: 'bs:count', n: 7, current: 2 }]);
  });

  it('ignores messages that are not its own', () => {
    const [a, b] = [worker(), worker()];
    for (const m of [null, 'text', { cmd: 'NODE_CLUSTER' }, { t: 'other' }]) relayFromWorker(a.end, m, () => [a.end, b.end], new WindowCounters());
    expect(b.got).toEqual([]);
  });
});

describe('a closed worker leaving the cluster', () => {
  it('answers "closed" to the worker that sent it, and to no other', () => {
    const got: IpcMessage[] = [];
    const other: IpcMessage[] = [];
    const a: WorkerEnd = { send: (m) => got.push(m), isConnected: () => true };
    const b: WorkerEnd = { send: (m) => other.push(m), isConnected: () => true };
    relayFromWorker(a, { t: 'bs:closed' }, () => [a, b], new WindowCounters());
    expect(got).toEqual([{ t: 'bs:closed-ack' }]);
    expect(other).toEqual([]);
  });

  /** A worker's end of the channel; `answer` is what the primary does with each message. */
  const channel = (answer: (m: IpcMessage, reply: (m: IpcMessage) => void) => void) => {
    const emitter = new EventEmitter();
    const sent: IpcMessage[] = [];
    const end: Channel = {
      send: (m) => {
        sent.push(m);
        answer(m, (r) => setImmediate(() => emitter.emit('message', r)));
        return true;
      },
      on: (e, l) => emitter.on(e, l),
      off: (e, l) => emitter.off(e, l),
    };
    return { end, sent, emitter };
  };

  it("waits for the primary's answer, so whatever the primary sent before it has arrived", async () => {
    const order: string[] = [];
    const { end, emitter } = channel((m, reply) => {
      // A connection handed over before the primary read 'closed', then the answer.
      setImmediate(() => emitter.emit('message', { cmd: 'NODE_CLUSTER', act: 'newconn' }));
      if (m.t === 'bs:closed') reply({ t: 'bs:closed-ack' });
    });
    emitter.on('message', (m: { act?: string }) => order.push(m.act ?? 'ack'));
    await leaveCluster(end, 5_000);
    order.push('left');
    expect(order).toEqual(['newconn', 'ack', 'left']);
    expect(emitter.listenerCount('message')).toBe(1);
  });

  it('does not wait past its timeout when the primary never answers', async () => {
    const { end, sent } = channel(() => {});
    const started = Date.now();
    await leaveCluster(end, 50);
    expect(sent).toEqual([{ t: 'bs:closed' }]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });

  it('does not wait when there is no primary to ask', async () => {
    const emitter = new EventEmitter();
    const closed: Channel = {
      send: () => {
        throw new Error('Channel closed');
      },
      on: (e, l) => emitter.on(e, l),
      off: (e, l) => emitter.off(e, l),
    };
    await leaveCluster(closed, 60_000);
    await leaveCluster({ on: (e, l) => emitter.on(e, l), off: (e, l) => emitter.off(e, l) }, 60_000);
    expect(emitter.listenerCount('message')).toBe(0);
  });
});

describe("a worker's questions to the primary", () => {
  /** A worker's end whose primary answers each question with `answer` (or not at all). */
  const primary = (answer: (m: IpcMessage) => IpcMessage | undefined) => {
    const emitter = new EventEmitter();
    const end: Channel = {
      send: (m) => {
        const reply = answer(m);
        if (reply) setImmediate(() => emitter.emit('message', reply));
        return true;
      },
      on: (e, l) => emitter.on(e, l),
      off: (e, l) => emitter.off(e, l),
    };
    return { end, emitter };
  };

  it('matches each answer to its question by number, whatever order they come in', async () => {
    const counts = new WindowCounters();
    const { end, emitter } = primary((m) => (m.t === 'bs:hit' ? { t: 'bs:count', n: m.n, ...counts.hitNow(m.key, m.windowMs) } : undefined));
    const counter = ipcRateCounter(end);
    // Someone else's answer, and a stray one, are not taken for ours.
    emitter.emit('message', { t: 'bs:count', n: 999, current: 50, ttl: 1 });
    const [a, b] = await Promise.all([counter.hit('k', 60_000), counter.hit('k', 60_000)]);
    expect([a.current, b.current].sort()).toEqual([1, 2]);
    counter.close();
    expect(emitter.listenerCount('message')).toBe(0);
  });

  it('fails a question the primary cannot answer, with its reason, and one with no channel at once', async () => {
    const { end } = primary((m) => (m.t === 'bs:metrics' ? { t: 'bs:metrics-text', n: m.n, error: 'a worker did not answer' } : undefined));
    await expect(askPrimaryForMetrics(end).metrics()).rejects.toThrow("the primary process could not gather the workers' metrics: a worker did not answer");
    const alone: Channel = { on: () => undefined, off: () => undefined };
    await expect(ipcRateCounter(alone).hit('k', 1000)).rejects.toThrow('no channel to the primary process');
  });
});
