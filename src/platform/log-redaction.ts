import type { FastifyRequest } from 'fastify';

/**
 * Fastify's request log line with a secret in the URL masked by `redact`
 * (sign-in, reset and unsubscribe links carry their token in the path).
 * Use as a route's or plugin's `logSerializers`.
 */
export const requestLogWithout = (redact: (url: string) => string) => ({
  req: (req: FastifyRequest) => ({
    method: req.method,
    url: redact(req.url),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  }),
});
