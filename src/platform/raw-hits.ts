/**
 * Page-cache hits answered on the connection itself, before Node's HTTP
 * server makes a request and a response of them.
 *
 * A cache hit is bytes already made; what costs is the HTTP machinery around
 * them. Measured on the typical article page, Node's `http` module spends
 * about 30 µs of CPU a request (parsing, two objects, validating twenty
 * headers, the finish events) where writing the same bytes to the socket
 * spends about 14 µs, and the kernel's own share is in both. So each new
 * connection is read here first: every request head that is plainly a GET or
 * HEAD the page cache can answer (pageCacheFastPath decides, exactly as for a
 * request Node parsed) is answered at once with the same status, headers and
 * bytes. At the first request that is anything else — a miss, a write, a body,
 * a header this reader does not accept, a head cut across packets — the
 * connection is handed to Node's HTTP server with what it has not answered,
 * and stays there for its life. Node's parser, limits and timeouts then apply
 * as they do to every other connection.
 *
 * The reader is deliberately narrow, since a request it accepts is one no
 * proxy in front can read differently: HTTP/1.1, a method of GET or HEAD, an
 * origin-form target of visible ASCII, header names that are tokens, values
 * without control characters, exactly one Host, and none of the headers
 * that frame a body or change the connection (Content-Length,
 * Transfer-Encoding, Upgrade, Expect, Connection other than keep-alive).
 */
import http, { type IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import type { ServerLimits } from './server-limits.js';

/** A request as the fast path reads it. */
export interface RawRequest {
  method: 'GET' | 'HEAD';
  url: string;
  headers: IncomingHttpHeaders;
  socket: Socket;
}

/** The response side the fast path writes to (a subset of ServerResponse's). */
export interface RawResponse {
  /** A header of this answer alone, sent before those given to writeHead. */
  setHeader(name: string, value: string): unknown;
  /** `headers` must not change once given: their text is made once and kept (the fast path gives the same object for every hit on a page). */
  writeHead(status: number, headers: Readonly<Record<string, string | number>>): unknown;
  end(body?: Buffer): unknown;
}

/** Answers a request and says true, or says false and leaves it to Node. */
export type RawAnswer = (req: RawRequest, res: RawResponse) => boolean;

/** A request head longer than this is left to Node (whose limit, and 431, apply). */
export const MAX_RAW_HEAD_BYTES = 8 * 1024;
/** Answers waiting to be sent beyond this: the rest of the connection is left to Node, which pauses reading. */
const MAX_PENDING_BYTES = 1024 * 1024;

const CRLFCRLF = Buffer.from('\r\n\r\n');
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** A field value Node's strict parser takes: tab, visible ASCII, space, obs-text. */
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const TARGET = /^\/[\x21-\x7e]*$/;
/** Headers that frame a body or change what the connection is: the request is Node's. */
const LEFT_TO_NODE = new Set(['content-length', 'transfer-encoding', 'upgrade', 'expect', 'authorization', 'http2-settings']);
/** Headers this reader must see once at most (Node would join or pick among repeats). */
const SINGLE = new Set(['host', 'cookie', 'accept-encoding', 'if-none-match', 'if-modified-since', 'x-request-id', 'connection']);

/**
 * Read one request head (the bytes before its blank line, `end` excluded) as
 * a simple GET or HEAD, or undefined if it is anything else.
 */
export function readHead(buf: Buffer, start: number, end: number): Omit<RawRequest, 'socket'> | undefined {
  if (end - start > MAX_RAW_HEAD_BYTES) return undefined;
  const lines = buf.toString('latin1', start, end).split('\r\n');
  const requestLine = lines[0]!;
  const sp1 = requestLine.indexOf(' ');
  const sp2 = requestLine.lastIndexOf(' ');
  if (sp1 < 0 || sp2 <= sp1 || requestLine.slice(sp2 + 1) !== 'HTTP/1.1') return undefined;
  const method = requestLine.slice(0, sp1);
  if (method !== 'GET' && method !== 'HEAD') return undefined;
  const url = requestLine.slice(sp1 + 1, sp2);
  if (!TARGET.test(url)) return undefined;
  const headers: IncomingHttpHeaders = {};
  let hosts = 0;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(':');
    if (colon <= 0) return undefined;
    const name = line.slice(0, colon);
    if (!TOKEN.test(name)) return undefined;
    const value = line.slice(colon + 1).trim();
    if (!FIELD_VALUE.test(value)) return undefined;
    const key = name.toLowerCase();
    if (LEFT_TO_NODE.has(key)) return undefined;
    if (key === 'connection' && value.toLowerCase() !== 'keep-alive') return undefined;
    if (key === 'host') hosts++;
    if (headers[key] !== undefined) {
      if (SINGLE.has(key)) return undefined;
      continue;
    }
    headers[key] = value;
  }
  if (hosts !== 1) return undefined;
  return { method, url, headers };
}

/** The Date header, made once a second as Node does. */
let dateSecond = -1;
let dateValue = '';
function httpDate(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateValue = new Date(now).toUTCString();
  }
  return dateValue;
}

/** Whether a header value could break the head (none the fast path sends should; Node would refuse it). */
const UNSAFE_VALUE = /[\r\n\0]/;

/** The text of each header set given to writeHead, made once. */
const headerText = new WeakMap<object, string>();

/** Writes one answer to the socket in a single write, with the connection headers Node would add. */
class SocketResponse implements RawResponse {
  #head = '';
  #own = '';
  /** Whether anything was written: from then on the request is answered, whatever else happens. */
  sent = false;
  constructor(
    private readonly socket: Socket,
    private readonly method: 'GET' | 'HEAD',
    private readonly connection: string,
  ) {}

  setHeader(name: string, value: string): this {
    if (!TOKEN.test(name) || UNSAFE_VALUE.test(value)) throw new Error(`header ${name} cannot be sent as it is`);
    this.#own += `${name}: ${value}\r\n`;
    return this;
  }

  writeHead(status: number, headers: Readonly<Record<string, string | number>>): this {
    let text = headerText.get(headers);
    if (text === undefined) {
      text = '';
      for (const name in headers) {
        const value = String(headers[name]);
        if (!TOKEN.test(name) || UNSAFE_VALUE.test(value)) throw new Error(`header ${name} cannot be sent as it is`);
        text += `${name}: ${value}\r\n`;
      }
      headerText.set(headers, text);
    }
    this.#head = `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}\r\n${this.#own}${text}Date: ${httpDate()}\r\n${this.connection}\r\n`;
    return this;
  }

  end(body?: Buffer): this {
    this.sent = true;
    if (body && body.length > 0 && this.method === 'GET') {
      this.socket.cork();
      this.socket.write(this.#head, 'latin1');
      this.socket.write(body);
      this.socket.uncork();
    } else this.socket.write(this.#head, 'latin1');
    return this;
  }
}

/**
 * Read each new connection of `server` here first, answering with `answer()`
 * (undefined until the app exists: every connection goes to Node).
 */
export function answerRawHits(server: http.Server, limits: ServerLimits, answer: () => RawAnswer | undefined): void {
  const [nodeListener] = server.listeners('connection') as ((socket: Socket) => void)[];
  if (!nodeListener) throw new Error('the HTTP server has no connection listener to hand connections to');
  server.removeListener('connection', nodeListener);
  const keepAlive = `Connection: keep-alive\r\nKeep-Alive: timeout=${Math.floor(limits.keepAliveTimeoutMs / 1000)}, max=${limits.maxRequestsPerSocket}\r\n`;
  const lastOne = 'Connection: close\r\n';
  // Connections still read here have nothing in flight between two reads: to Node's closes, they are idle.
  const reading = new Set<Socket>();
  const closeIdle = server.closeIdleConnections.bind(server);
  const closeAll = server.closeAllConnections.bind(server);
  server.closeIdleConnections = () => {
    closeIdle();
    for (const socket of reading) socket.destroy();
  };
  server.closeAllConnections = () => {
    closeAll();
    for (const socket of reading) socket.destroy();
  };

  server.on('connection', (socket: Socket) => {
    if (!answer()) return nodeListener.call(server, socket);
    reading.add(socket);
    socket.once('close', () => reading.delete(socket));
    let served = 0;
    const onTimeout = () => socket.destroy();
    const onError = () => socket.destroy();
    const handOver = (rest: Buffer | undefined) => {
      reading.delete(socket);
      socket.removeListener('data', onData);
      socket.removeListener('timeout', onTimeout);
      socket.removeListener('error', onError);
      socket.setTimeout(0);
      nodeListener.call(server, socket);
      // Node's parser now listens for data: give it what was read and not answered.
      if (rest && rest.length > 0) socket.emit('data', rest);
    };
    const onData = (chunk: Buffer) => {
      const respond = answer();
      let start = 0;
      while (start < chunk.length) {
        // A server that is closing answers on Node's side, which says Connection: close (graceful-close.ts).
        if (!respond || !server.listening || socket.writableLength > MAX_PENDING_BYTES) break;
        const end = chunk.indexOf(CRLFCRLF, start);
        if (end < 0) break;
        const head = readHead(chunk, start, end);
        if (!head) break;
        const last = served + 1 >= limits.maxRequestsPerSocket;
        const res = new SocketResponse(socket, head.method, last ? lastOne : keepAlive);
        let answered: boolean;
        try {
          // Built field by field: a spread here made V8 keep about 100 bytes a request past two
          // scavenges (measured with --trace-gc-nvp), garbage that only a full collection frees.
          answered = respond({ method: head.method, url: head.url, headers: head.headers, socket }, res);
        } catch {
          // Once bytes went out the request is answered (an observer failed after); before, Node answers it.
          answered = res.sent;
        }
        if (!answered) break;
        served++;
        start = end + CRLFCRLF.length;
        if (last) {
          socket.removeListener('data', onData);
          socket.end();
          return;
        }
      }
      if (start < chunk.length) handOver(chunk.subarray(start));
    };
    socket.setTimeout(limits.keepAliveTimeoutMs);
    socket.on('timeout', onTimeout);
    socket.on('error', onError);
    socket.on('data', onData);
  });
}
