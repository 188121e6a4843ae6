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
 * Start keeping the server's open connections (call before it listens);
 * returns the graceful close. Until the close begins, a request costs
 * nothing here; whether one is in flight on a connection is read off the
 * connection when needed, as Node's own closeIdleConnections does.
 */
export function gracefulCloser(app: ClosableApp, { graceMs = DRAIN_GRACE_MS }: { graceMs?: number } = {}): () => Promise<void> {
  const { server } = app;
  // Kept per connection, not per request: a request costs nothing here until the close begins.
  const open = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  });

  /** Whether a request is being answered on this connection (how Node's closeIdleConnections tells). */
  const busy = (socket: Socket) => {
    const res = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
    return res != null && !res.writableFinished;
  };
  /** Once its answer is out, a connection ends; the client opens its next one elsewhere. */
  const endAfter = (socket: Socket, res: ServerResponse) => res.once('finish', () => socket.destroySoon());
  const closeIdle = () => {
    for (const socket of open) if (!busy(socket)) socket.destroy();
  };

  let closing = false;
  return async () => {
    if (closing) return;
    closing = true;
    for (const socket of open) {
      const res = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
      if (res && busy(socket)) endAfter(socket, res);
    }
    server.prependListener('request', (req, res: ServerResponse) => {
      res.setHeader('connection', 'close');
      endAfter(req.socket, res);
    });
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
