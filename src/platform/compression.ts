import zlib from 'node:zlib';
import compress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';

/*
 * Compression, negotiated by Accept-Encoding: brotli where the client takes
 * it, else gzip. Pages in the page cache keep their compressed bytes (made
 * once, on the first request that wants them: see page-cache.ts); everything
 * else that is text (the API's JSON, personal pages, feeds, errors) is
 * compressed as it goes out by @fastify/compress, stylesheets and scripts
 * included (browsers and CDNs keep those for a year).
 */

export type Encoding = 'br' | 'gzip';

/** Brotli at a middle quality: close to the best ratio for HTML, at a small part of quality 11's cost. */
const BROTLI_QUALITY = 5;

/** Responses shorter than this go out as they are: compressing them saves less than it costs. */
export const COMPRESS_THRESHOLD = 1024;

/** Text types worth compressing; not event streams, which must reach the reader as each event is written. */
const COMPRESSIBLE = /^(text\/(html|plain|css|javascript|xml|csv)|application\/(json|[\w.+-]+\+json|xml|[\w.+-]+\+xml|javascript)|image\/svg\+xml)\b/i;

/** Whether a response of this content type is worth compressing. */
export const isCompressible = (contentType: string | undefined): boolean => COMPRESSIBLE.test(contentType ?? '');

/**
 * The encoding to answer with, from an Accept-Encoding header: brotli before
 * gzip, honouring q-values (q=0 refuses) and `*`.
 */
export function negotiateEncoding(header: string | string[] | undefined): Encoding | undefined {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  // Clients send few distinct headers (each browser one of its own): each is read once and its answer kept.
  if (negotiated.has(text)) return negotiated.get(text);
  const encoding = readAcceptEncoding(text);
  if (negotiated.size >= NEGOTIATIONS_KEPT) negotiated.delete(negotiated.keys().next().value!);
  negotiated.set(text, encoding);
  return encoding;
}

/** Accept-Encoding headers already read, and the encoding each chose (a client can send any text: the oldest go first). */
const negotiated = new Map<string, Encoding | undefined>();
const NEGOTIATIONS_KEPT = 64;

function readAcceptEncoding(text: string): Encoding | undefined {
  const q = new Map<string, number>();
  for (const part of text.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  const weight = (name: Encoding) => q.get(name) ?? q.get('*') ?? 0;
  const best = (['br', 'gzip'] as const).filter((e) => weight(e) > 0).sort((a, b) => weight(b) - weight(a))[0];
  return best;
}

/** Compress bytes with an encoding (synchronously: used once per cached page and encoding). */
export function encode(body: Buffer, encoding: Encoding): Buffer {
  return encoding === 'br'
    ? zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
    : zlib.gzipSync(body, { level: 6 });
}

/** Compress every other text response as it goes out (answers that already carry a Content-Encoding are left alone). */
export async function installCompression(app: FastifyInstance): Promise<void> {
  await app.register(compress, {
    global: true,
    encodings: ['br', 'gzip'],
    threshold: COMPRESS_THRESHOLD,
    customTypes: COMPRESSIBLE,
    brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY } },
  });
}
