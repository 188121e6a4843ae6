/*
 * A small Server-Sent Events client for tests: fetch, then the stream parsed
 * as the EventSource specification reads it (fields, comments, blank-line
 * dispatch, the last event id carried forward).
 */

export interface SseEvent {
  /** The last event id after this event (carried forward from earlier events when it had none). */
  id: string;
  event: string;
  data: string;
}

export interface SseStream {
  status: number;
  headers: Headers;
  /** Every event received so far, in order. */
  events: SseEvent[];
  /** Comment lines (": …") received so far, without the colon. */
  comments: string[];
  /** The reconnection delay the server asked for, if it did. */
  retry(): number | undefined;
  /** The next event not yet taken by next() or until(); fails after timeoutMs. */
  next(timeoutMs?: number): Promise<SseEvent>;
  /** Take events until one matches; returns it and everything taken on the way. */
  until(match: (e: SseEvent) => boolean, timeoutMs?: number): Promise<{ event: SseEvent; skipped: SseEvent[] }>;
  /** Settles when the server ends the stream. */
  ended: Promise<void>;
  /** Whether the server has ended it. */
  isEnded(): boolean;
  /** Disconnect, as a browser closing the page. */
  close(): void;
}

/** Open a stream; non-200 answers resolve too (status and headers set, no events). */
export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const events: SseEvent[] = [];
  const comments: string[] = [];
  let retry: number | undefined;
  let taken = 0;
  let ended = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };

  let lastId = '';
  let type = '';
  let data: string[] = [];
  function line(l: string): void {
    if (l === '') {
      if (data.length > 0) events.push({ id: lastId, event: type || 'message', data: data.join('\n') });
      type = '';
      data = [];
      return;
    }
    if (l.startsWith(':')) {
      comments.push(l.slice(1).trim());
      return;
    }
    const colon = l.indexOf(':');
    const field = colon === -1 ? l : l.slice(0, colon);
    let value = colon === -1 ? '' : l.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') type = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id' && !value.includes('\0')) lastId = value;
    else if (field === 'retry' && /^\d+$/.test(value)) retry = Number(value);
  }

  const reading = (async () => {
    if (res.status !== 200 || !res.body) {
      await res.body?.cancel().catch(() => {});
      return;
    }
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        const parts = buffer.split(/\r\n|\r|\n/);
        buffer = parts.pop() ?? '';
        for (const p of parts) line(p);
        notify();
      }
    } catch {
      // Aborted by close(), or the connection dropped: either way the stream is over.
    }
  })().finally(() => {
    ended = true;
    notify();
  });

  async function waitForMore(deadline: number, what: string): Promise<void> {
    if (ended) throw new Error(`the stream ended while waiting for ${what}; received: ${JSON.stringify(events)}`);
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`timed out waiting for ${what}; received: ${JSON.stringify(events)}`);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, left);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  const stream: SseStream = {
    status: res.status,
    headers: res.headers,
    events,
    comments,
    retry: () => retry,
    async next(timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (taken >= events.length) await waitForMore(deadline, 'an event');
      return events[taken++]!;
    },
    async until(match, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      const skipped: SseEvent[] = [];
      for (;;) {
        while (taken >= events.length) await waitForMore(deadline, 'a matching event');
        const e = events[taken++]!;
        if (match(e)) return { event: e, skipped };
        skipped.push(e);
      }
    },
    ended: reading,
    isEnded: () => ended,
    close: () => abort.abort(),
  };
  return stream;
}
