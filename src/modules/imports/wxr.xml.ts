import fs from 'node:fs';
import { SaxesParser, type SaxesTagNS } from 'saxes';

/*
 * The XML layer of the WordPress reader: a file streamed through a strict
 * XML parser (saxes) into small element trees, one for each child of
 * <rss><channel> (an author, a category, an item …), handed over as soon as
 * it closes. Memory stays bounded by the largest single record, never the
 * file: nothing else is kept.
 *
 * Refused, with the line and a reason: bytes that are not UTF-8, an encoding
 * other than UTF-8, any DOCTYPE (so no entity is ever defined, expanded or
 * fetched: billion laughs and external entities never get started), XML that
 * is not well-formed, a root other than <rss> with a <channel>, nesting
 * deeper than any export has, and a single text run larger than TEXT_RUN_MAX.
 */

/** A file the reader refuses: where, and why, in words for the operator. */
export class WxrError extends Error {
  override name = 'WxrError';
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
  }
}

/** An element as the reader keeps it: its name, its attributes without namespace, its text and children. */
export interface XmlNode {
  uri: string;
  local: string;
  attrs: Record<string, string>;
  text: string;
  children: XmlNode[];
  /** Line of the start tag (1-based). */
  line: number;
}

/** A child of the channel, complete. `oversized` when its text passed the record limit and was dropped. */
export interface XmlRecord {
  node: XmlNode;
  oversized: boolean;
}

export interface StreamOptions {
  /** Called now and then with the bytes read so far. */
  onBytes?: (bytesRead: number) => void;
  /** A record's text beyond this many characters is dropped and the record marked oversized. */
  recordTextMax?: number;
}

const CHUNK_BYTES = 64 * 1024;
const MAX_DEPTH = 64;
/** The XML before the root element (declaration, comments) is small in every real export. */
const PROLOGUE_MAX = 1024 * 1024;
/** Bytes the parser may take in without finishing a tag or text run (bounds what saxes buffers). */
export const TEXT_RUN_MAX = 64 * 1024 * 1024;
export const RECORD_TEXT_MAX = 32 * 1024 * 1024;

/** Strict UTF-8 decoding that says on which line the first bad byte is. */
class Utf8Lines {
  #decoder = new TextDecoder('utf-8', { fatal: true });
  #pending: Buffer = Buffer.alloc(0);
  lines = 1;

  decode(chunk: Buffer): string {
    try {
      const text = this.#decoder.decode(chunk, { stream: true });
      this.#pending = incompleteTail(chunk.length >= 3 ? chunk : Buffer.concat([this.#pending, chunk]));
      return text;
    } catch {
      throw new WxrError(this.lines + newlines(chunk.subarray(0, validPrefix(this.#pending, chunk))), 'the file is not valid UTF-8 (save the export again, or convert it to UTF-8)');
    }
  }

  end(): void {
    try {
      this.#decoder.decode();
    } catch {
      throw new WxrError(this.lines, 'the file ends in the middle of a UTF-8 character (is it truncated?)');
    }
  }
}

/** The bytes at the end that begin a UTF-8 sequence the next chunk finishes (none, or up to 3), copied. */
function incompleteTail(buf: Buffer): Buffer {
  for (let back = 1; back <= Math.min(3, buf.length); back++) {
    const b = buf[buf.length - back]!;
    if ((b & 0xc0) === 0x80) continue;
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return length > back ? Buffer.from(buf.subarray(buf.length - back)) : Buffer.alloc(0);
  }
  return Buffer.alloc(0);
}

const newlines = (buf: Buffer): number => {
  let n = 0;
  for (const b of buf) if (b === 0x0a) n++;
  return n;
};

/** How many bytes of `chunk` decode (after `carry`, the previous chunk's tail) before the first invalid sequence. */
function validPrefix(carry: Buffer, chunk: Buffer): number {
  const ok = (n: number) => {
    try {
      const d = new TextDecoder('utf-8', { fatal: true });
      d.decode(carry, { stream: true });
      d.decode(chunk.subarray(0, n), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  let lo = 0;
  let hi = chunk.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (ok(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** saxes says "file:12:5: message" or "12:5: message"; keep the message. */
function saxesReason(err: Error): string {
  return err.message.replace(/^(?:[^:]*:)?\d+:\d+: /, '');
}

/** The parser for one pass over a file, with the element stack and the record being collected. */
function createCollector(emit: (r: XmlRecord) => void, recordTextMax: number) {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: XmlNode[] = [];
  let depth = 0;
  let recordText = 0;
  let oversized = false;
  let sawChannel = false;
  let inChannel = false;
  let rootOpened = false;
  let eventsSeen = 0;

  const fail = (reason: string, line = parser.line): never => {
    throw new WxrError(line, reason);
  };

  parser.on('error', (err) => fail(`the XML is not well-formed: ${saxesReason(err).replace(/\.$/, '')}`));
  parser.on('xmldecl', (decl) => {
    if (decl.encoding && !/^utf-?8$/i.test(decl.encoding)) fail(`the file says it is encoded in ${decl.encoding}; only UTF-8 exports can be imported`);
  });
  parser.on('doctype', () => fail('the file has a DOCTYPE, which no WordPress export has; it is refused so that no entity is ever expanded or fetched'));
  parser.on('opentag', (tag: SaxesTagNS) => {
    eventsSeen++;
    depth++;
    if (depth > MAX_DEPTH) fail(`elements are nested more than ${MAX_DEPTH} deep`);
    if (depth === 1) {
      rootOpened = true;
      if (tag.local !== 'rss' || tag.uri !== '') fail(`the file's root element is <${tag.name}>, not <rss>: this is not a WordPress export`);
      return;
    }
    if (depth === 2) {
      inChannel = tag.local === 'channel' && tag.uri === '';
      sawChannel ||= inChannel;
      return;
    }
    if (!inChannel) return;
    const attrs: Record<string, string> = {};
    for (const a of Object.values(tag.attributes)) if (a.uri === '') attrs[a.local] = a.value;
    const node: XmlNode = { uri: tag.uri, local: tag.local, attrs, text: '', children: [], line: parser.line };
    if (depth === 3) {
      recordText = 0;
      oversized = false;
    } else stack.at(-1)?.children.push(node);
    stack.push(node);
  });
  const addText = (text: string) => {
    eventsSeen++;
    const node = stack.at(-1);
    if (!node || oversized) return;
    recordText += text.length;
    if (recordText > recordTextMax) {
      oversized = true;
      for (const n of stack) n.text = '';
      return;
    }
    node.text += text;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('closetag', () => {
    eventsSeen++;
    if (depth >= 3 && inChannel) {
      const node = stack.pop()!;
      if (depth === 3) emit({ node, oversized });
    } else if (depth === 2) inChannel = false;
    depth--;
  });

  return {
    parser,
    get rootOpened() {
      return rootOpened;
    },
    get sawChannel() {
      return sawChannel;
    },
    get eventsSeen() {
      return eventsSeen;
    },
    fail,
  };
}

/**
 * Stream a WordPress export's channel records, one at a time, with the
 * consumer's work on each record done before more of the file is read.
 * Throws a WxrError for anything refused (see the top of this file).
 */
export async function* streamRecords(file: string, options: StreamOptions = {}): AsyncGenerator<XmlRecord> {
  const queue: XmlRecord[] = [];
  const collector = createCollector((r) => queue.push(r), options.recordTextMax ?? RECORD_TEXT_MAX);
  const { parser } = collector;
  const utf8 = new Utf8Lines();
  let bytesRead = 0;
  let quietBytes = 0;
  const stream = fs.createReadStream(file, { highWaterMark: CHUNK_BYTES });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytesRead += chunk.length;
      const text = utf8.decode(chunk);
      const before = collector.eventsSeen;
      parser.write(text);
      utf8.lines = parser.line;
      if (!collector.rootOpened && bytesRead > PROLOGUE_MAX) collector.fail('no root element in the first megabyte: this is not a WordPress export');
      quietBytes = collector.eventsSeen === before ? quietBytes + chunk.length : 0;
      if (quietBytes > TEXT_RUN_MAX) collector.fail(`a single piece of text or markup is larger than ${TEXT_RUN_MAX / 1024 / 1024} MB`);
      options.onBytes?.(bytesRead);
      while (queue.length > 0) yield queue.shift()!;
    }
    utf8.end();
    parser.close();
  } finally {
    stream.destroy();
  }
  while (queue.length > 0) yield queue.shift()!;
  if (!collector.sawChannel) throw new WxrError(parser.line, 'the file has no <channel> inside <rss>: this is not a WordPress export');
}
