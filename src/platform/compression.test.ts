import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encode, isCompressible, negotiateEncoding } from './compression.js';

describe('negotiateEncoding', () => {
  it('prefers brotli, then gzip, when both are accepted', () => {
    expect(negotiateEncoding('gzip, deflate, br')).toBe('br');
    expect(negotiateEncoding('gzip, deflate')).toBe('gzip');
    expect(negotiateEncoding(['gzip', 'br'])).toBe('br');
  });

  it('follows q-values, and q=0 refuses', () => {
    expect(negotiateEncoding('br;q=0.5, gzip;q=0.9')).toBe('gzip');
    expect(negotiateEncoding('br;q=0, gzip')).toBe('gzip');
    expect(negotiateEncoding('*;q=0.1, br;q=0')).toBe('gzip');
  });

  it('sends identity when nothing it knows is accepted', () => {
    for (const header of [undefined, '', 'identity', 'deflate', 'zstd', 'gzip;q=0, br;q=0', 'br;q=banana']) expect(negotiateEncoding(header), String(header)).toBeUndefined();
  });

  it('takes * as anything', () => {
    expect(negotiateEncoding('*')).toBe('br');
  });
});

describe('isCompressible', () => {
  it('compresses text, JSON, XML, feeds, CSS, JS and SVG', () => {
    for (const type of [
      'text/html; charset=utf-8',
      'application/json',
      'application/feed+json',
      'application/rss+xml',
      'application/atom+xml',
      'application/xml',
      'text/css',
      'application/javascript',
      'image/svg+xml',
      'text/plain',
    ])
      expect(isCompressible(type), type).toBe(true);
  });

  it('leaves images, event streams and unknown types alone', () => {
    for (const type of ['image/jpeg', 'image/webp', 'text/event-stream', 'application/octet-stream', undefined]) expect(isCompressible(type), String(type)).toBe(false);
  });
});

describe('encode', () => {
  it('round-trips through Node’s decoders, and shrinks text', () => {
    const body = Buffer.from('<p>The council voted to close the pier for the winter.</p>\n'.repeat(200));
    const br = encode(body, 'br');
    const gz = encode(body, 'gzip');
    expect(zlib.brotliDecompressSync(br).equals(body)).toBe(true);
    expect(zlib.gunzipSync(gz).equals(body)).toBe(true);
    expect(br.length).toBeLessThan(body.length / 10);
  });
});
