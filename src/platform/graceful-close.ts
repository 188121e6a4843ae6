/**
 * Close an HTTP server without dropping a request: the drain a worker does on
 * SIGHUP's rolling restart and a process does on SIGTERM.
 *
 * Left to themselves, Node and Fastify get two things wrong for a drain:
 *  - Node's `server.close()` closes keep-alive connections with no request in
 *    flight at once, so a client that sends its next request at that moment
 *    sees the connection reset; yet a connection on which nothing was ever
 *    sent (a browser's preconnect) is never closed, and holds the close open.
 *  - Fastify, once closing, answers every request 503, even one that came on a
 *    connection accepted a moment before, though another worker (or node) was
 *    there to answer it.
 *
 * So: stop accepting at once (under `serve --workers` the primary gives new
 * connections to the other workers); answer whatever comes on connections
 * already open, with `Connection: close`, for `graceMs` (the app must be built
 * with `return503OnClosing: false`); then close every connection with nothing
 * in flight, used or not. Requests in flight always finish, and the app's close
 * hooks run after the last connection has ended.
 */
import type { Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface ClosableApp {
  server: Server;
  close(): Promise<unknown>;
}

/** How long connections already open may go on sending requests before the idle ones are closed. */
export const DRAIN_GRACE_MS = 2_000;

/**
 * Start keeping count of the server's connections and of the requests in
 * flight on each (call before it listens); returns the graceful close.
 */
export function gracefulCloser(app: ClosableApp, { graceMs = DRAIN_GRACE_MS }: { graceMs?: number } = {}): () => Promise<void> {
  const { server } = app;
  /** Every open connection, with how many of its requests are still being answered. */
  const inFlight = new Map<Socket, number>();
  let closing = false;
  server.on('connection', (socket: Socket) => {
    inFlight.set(socket, 0);
    socket.once('close', () => inFlight.delete(socket));
  });
  server.prependListener('request', (req, res: ServerResponse) => {
    const socket = req.socket;
    inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1);
    res.once('close', () => {
      const n = (inFlight.get(socket) ?? 1) - 1;
      if (!inFlight.has(socket)) return;
      inFlight.set(socket, n);
      if (closing && n === 0) socket.destroySoon();
    });
    if (closing) res.setHeader('connection', 'close');
  });

  const closeIdle = () => {
    for (const [socket, n] of inFlight) if (n === 0) socket.destroy();
  };

  return async () => {
    if (closing) return;
    closing = true;
    let timer: NodeJS.Timeout | undefined;
    // server.close() calls this at once; it waits for the grace instead.
    server.closeIdleConnections = () => {
      timer ??= setTimeout(closeIdle, graceMs);
      timer.unref();
    };
    try {
      await app.close();
    } finally {
      clearTimeout(timer);
    }
  };
}
