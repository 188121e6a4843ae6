import fs from 'node:fs';

/*
 * Reading an export document as a stream: the top-level fields one by one,
 * then each entity's rows one by one, so an import of a large site holds one
 * row at a time, never the document. Any JSON layout is accepted (the writer's
 * one-row-per-line is not required); each value read is handed to JSON.parse.
 */

export type ScanEvent =
  /** A top-level field other than "entities", with its value. */
  | { type: 'header'; key: string; value: unknown }
  /** An entity's array begins. */
  | { type: 'entity'; name: string }
  /** One element of the current entity's array. */
  | { type: 'row'; entity: string; index: number; value: unknown };

/** The document is not JSON of the expected shape; the message says where. */
export class ScanError extends Error {
  override name = 'ScanError';
}

type State =
  | 'start'
  | 'top-key'
  | 'top-key-or-end'
  | 'top-colon'
  | 'top-value'
  | 'top-next'
  | 'entities-open'
  | 'entity-key'
  | 'entity-key-or-end'
  | 'entity-colon'
  | 'entity-array'
  | 'row-or-end'
  | 'row'
  | 'row-next'
  | 'entity-next'
  | 'done';

const WHITESPACE = new Set([' ', '\t', '\n', '\r', '\uFEFF']);
const VALUE_START = /^["{[\-0-9tfn]$/;
/** No single value (a row, the settings) may be larger than this many characters. */
const MAX_VALUE = 64 * 1024 * 1024;

/** A push parser: feed it text in chunks of any size, get back the events each chunk completes. */
export class ExportScanner {
  private state: State = 'start';
  private line = 1;
  private key = '';
  private entity = '';
  private index = 0;
  // A string being read (a key), or a value being captured.
  private inKey = false;
  private keyParts: string[] = [];
  private capturing = false;
  private parts: string[] = [];
  private partsLength = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private scalar = false;

  private fail(what: string): never {
    throw new ScanError(`${what} at line ${this.line}`);
  }

  private unexpected(ch: string): never {
    this.fail(`unexpected ${JSON.stringify(ch)}`);
  }

  /** Read a chunk; returns the events it completed. */
  push(chunk: string): ScanEvent[] {
    const events: ScanEvent[] = [];
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk[i]!;
      if (ch === '\n') this.line++;
      if (this.inKey) {
        if (this.escaped) this.escaped = false;
        else if (ch === '\\') this.escaped = true;
        else if (ch === '"') {
          this.keyParts.push(chunk.slice(start, i));
          this.endKey();
        }
        continue;
      }
      if (this.capturing) {
        const end = this.captureStep(ch);
        if (end === 'continue') continue;
        const upTo = end === 'inclusive' ? i + 1 : i;
        this.parts.push(chunk.slice(start, upTo));
        events.push(this.endValue());
        if (end === 'inclusive') continue;
        // The character after a number, true, false or null belongs to the structure.
      }
      if (WHITESPACE.has(ch)) continue;
      const begun = this.structure(ch, events);
      if (begun === 'key') {
        this.inKey = true;
        this.escaped = false;
        this.keyParts = [];
        start = i + 1;
      } else if (begun === 'value') {
        this.beginValue(ch);
        start = i;
      }
    }
    if (this.inKey) this.keyParts.push(chunk.slice(start));
    if (this.capturing) {
      const rest = chunk.slice(start);
      this.parts.push(rest);
      this.partsLength += rest.length;
      if (this.partsLength > MAX_VALUE) this.fail('a value longer than 64 MB');
    }
    return events;
  }

  /** The input is over: fails unless the document was complete. */
  end(): void {
    if (this.state !== 'done') this.fail('the document ends early');
  }

  private beginValue(ch: string): void {
    this.capturing = true;
    this.parts = [];
    this.partsLength = 0;
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
    this.scalar = false;
    if (ch === '"') this.inString = true;
    else if (ch === '{' || ch === '[') this.depth = 1;
    else this.scalar = true;
  }

  /** Whether the value being captured ends here: with this character, before it, or not yet. */
  private captureStep(ch: string): 'continue' | 'inclusive' | 'exclusive' {
    if (this.scalar) return WHITESPACE.has(ch) || ch === ',' || ch === '}' || ch === ']' ? 'exclusive' : 'continue';
    if (this.inString) {
      if (this.escaped) this.escaped = false;
      else if (ch === '\\') this.escaped = true;
      else if (ch === '"') {
        this.inString = false;
        if (this.depth === 0) return 'inclusive';
      }
      return 'continue';
    }
    if (ch === '"') this.inString = true;
    else if (ch === '{' || ch === '[') this.depth++;
    else if (ch === '}' || ch === ']') {
      this.depth--;
      if (this.depth === 0) return 'inclusive';
    }
    return 'continue';
  }

  private endKey(): void {
    this.inKey = false;
    try {
      this.key = JSON.parse(`"${this.keyParts.join('')}"`) as string;
    } catch {
      this.fail('a malformed field name');
    }
    if (this.state === 'top-key' || this.state === 'top-key-or-end') this.state = 'top-colon';
    else this.state = 'entity-colon';
  }

  private endValue(): ScanEvent {
    this.capturing = false;
    const text = this.parts.join('');
    this.parts = [];
    let value: unknown;
    try {
      value = JSON.parse(text) as unknown;
    } catch {
      this.fail('a value that is not valid JSON');
    }
    if (this.state === 'row') {
      this.state = 'row-next';
      return { type: 'row', entity: this.entity, index: this.index++, value };
    }
    this.state = 'top-next';
    return { type: 'header', key: this.key, value };
  }

  /** A value may begin with this character: a string, object, array, number, true, false or null. */
  private valueStart(ch: string): 'value' {
    if (!VALUE_START.test(ch)) this.unexpected(ch);
    return 'value';
  }

  /** Handle one structural character; says whether a key or a captured value begins with it. */
  private structure(ch: string, events: ScanEvent[]): 'key' | 'value' | undefined {
    switch (this.state) {
      case 'start':
        if (ch !== '{') this.unexpected(ch);
        this.state = 'top-key-or-end';
        return undefined;
      case 'top-key-or-end':
      case 'top-key':
        if (ch === '}' && this.state === 'top-key-or-end') {
          this.state = 'done';
          return undefined;
        }
        if (ch !== '"') this.unexpected(ch);
        return 'key';
      case 'top-colon':
        if (ch !== ':') this.unexpected(ch);
        this.state = this.key === 'entities' ? 'entities-open' : 'top-value';
        return undefined;
      case 'top-value':
        return this.valueStart(ch);
      case 'top-next':
        if (ch === ',') this.state = 'top-key';
        else if (ch === '}') this.state = 'done';
        else this.unexpected(ch);
        return undefined;
      case 'entities-open':
        if (ch !== '{') this.fail('"entities" is not an object');
        this.state = 'entity-key-or-end';
        return undefined;
      case 'entity-key-or-end':
      case 'entity-key':
        if (ch === '}' && this.state === 'entity-key-or-end') {
          this.state = 'top-next';
          return undefined;
        }
        if (ch !== '"') this.unexpected(ch);
        return 'key';
      case 'entity-colon':
        if (ch !== ':') this.unexpected(ch);
        this.state = 'entity-array';
        return undefined;
      case 'entity-array':
        if (ch !== '[') this.fail(`entity "${this.key}" is not an array`);
        this.entity = this.key;
        this.index = 0;
        events.push({ type: 'entity', name: this.entity });
        this.state = 'row-or-end';
        return undefined;
      case 'row-or-end':
      case 'row':
        if (ch === ']' && this.state === 'row-or-end') {
          this.state = 'entity-next';
          return undefined;
        }
        this.state = 'row';
        return this.valueStart(ch);
      case 'row-next':
        if (ch === ',') this.state = 'row';
        else if (ch === ']') this.state = 'entity-next';
        else this.unexpected(ch);
        return undefined;
      case 'entity-next':
        if (ch === ',') this.state = 'entity-key';
        else if (ch === '}') this.state = 'top-next';
        else this.unexpected(ch);
        return undefined;
      case 'done':
        this.unexpected(ch);
    }
  }
}

/**
 * The events of an export file, read as a stream of UTF-8 text. Throws a
 * ScanError when the file is not JSON of the export's shape.
 */
export async function* readExportEvents(file: string): AsyncGenerator<ScanEvent> {
  const scanner = new ExportScanner();
  const stream = fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 1024 * 1024 });
  try {
    for await (const chunk of stream) yield* scanner.push(chunk as string);
    scanner.end();
  } finally {
    stream.destroy();
  }
}
