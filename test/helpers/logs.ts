import { Writable } from 'node:stream';

/** A pino destination that keeps every log line, parsed and raw, for tests that check what gets logged. */
export function captureLogs() {
  const lines: Record<string, unknown>[] = [];
  let raw = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      raw += chunk.toString();
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return {
    stream,
    /** Every line so far, parsed. */
    lines,
    /** Everything written so far, as text (for "never contains" checks). */
    raw: () => raw,
  };
}
