import type http from 'node:http';

/*
 * Bounds on what a connection may hold of the server (docs/operations.md#under-overload).
 * Shedding (load-shedding.ts) bounds the requests being answered; these bound
 * the ones not yet read in full, and how long a connection stays with one
 * process.
 */
export interface ServerLimits {
  /** A client has this long to send a request's headers (slow-headers attacks hold a socket and memory otherwise). */
  headersTimeoutMs: number;
  /** …and this long to send the whole request, body included (an image upload on a slow line fits). Not a limit on answering: live streams stay open. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is kept this long: longer than a load balancer's usual 60 s, so the balancer, not the server, closes it. */
  keepAliveTimeoutMs: number;
  /** After this many requests a keep-alive connection is closed (Connection: close), so a balancer's long-lived connections spread again over the workers. */
  maxRequestsPerSocket: number;
  /** How often Node looks for connections past the two timeouts. */
  checkEveryMs: number;
}

export const SERVER_LIMITS: Readonly<ServerLimits> = Object.freeze({
  headersTimeoutMs: 30_000,
  requestTimeoutMs: 120_000,
  keepAliveTimeoutMs: 72_000,
  maxRequestsPerSocket: 1000,
  checkEveryMs: 5_000,
});

/** Options for http.createServer that must be given at creation. */
export const serverOptions = (limits: ServerLimits): http.ServerOptions => ({ connectionsCheckingInterval: limits.checkEveryMs });

/** Set the limits on a server made with serverOptions(limits). */
export function applyServerLimits(server: http.Server, limits: ServerLimits): void {
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxRequestsPerSocket = limits.maxRequestsPerSocket;
}
