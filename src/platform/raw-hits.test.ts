import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { answerRawHits, MAX_RAW_HEAD_BYTES, type RawAnswer, readHead } from './raw-hits.js';
import { SERVER_LIMITS, type ServerLimits } from './server-limits.js';

const head = (text: string) => {
  const buf = Buffer.from(`${text}\r\n\r\n`, 'latin1');
  return readHead(buf, 0, buf.length - 4);
};

describe('readHead', () => {
  it('reads a plain GET or HEAD with its headers, names in lower case', () => {
    expect(head('GET /a?b=1 HTTP/1.1\r\nHost: x\r\nAccept-Encoding: br, gzip\r\nIf-None-Match:  "t" ')).toEqual({
      method: 'GET',
      url: '/a?b=1',
      headers: { host: 'x', 'accept-encoding': 'br, gzip', 'if-none-match': '"t"' },
    });
    expect(head('HEAD / HTTP/1.1\r\nhost: x\r\nConnection: Keep-Alive')?.method).toBe('HEAD');
  });

  it('leaves to Node every request it does not plainly understand', () => {
    const refused = [
      ['a write', 'POST / HTTP/1.1\r\nHost: x'],
      ['another method', 'OPTIONS * HTTP/1.1\r\nHost: x'],
      ['HTTP/1.0', 'GET / HTTP/1.0\r\nHost: x'],
      ['an absolute target', 'GET http://x/ HTTP/1.1\r\nHost: x'],
      ['a target with a space', 'GET /a b HTTP/1.1\r\nHost: x'],
      ['a target with non-ASCII', 'GET /\u00e9 HTTP/1.1\r\nHost: x'],
      ['no Host', 'GET / HTTP/1.1\r\nAccept: */*'],
      ['two Hosts', 'GET / HTTP/1.1\r\nHost: x\r\nHost: y'],
      ['a body length', 'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5'],
      ['a chunked body', 'GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked'],
      ['an upgrade', 'GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket'],
      ['an Expect', 'GET / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue'],
      ['credentials', 'GET / HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t'],
      ['Connection: close', 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close'],
      ['two cookie headers', 'GET / HTTP/1.1\r\nHost: x\r\nCookie: a=1\r\nCookie: b=2'],
      ['a folded header', 'GET / HTTP/1.1\r\nHost: x\r\nAccept: a,\r\n b'],
      ['a bare line feed', 'GET / HTTP/1.1\r\nHost: x\nContent-Length: 5'],
      ['a control character', 'GET / HTTP/1.1\r\nHost: x\r\nAccept: a\u0000b'],
      ['a name that is not a token', 'GET / HTTP/1.1\r\nHost: x\r\nBad Name: v'],
      ['a line without a colon', 'GET / HTTP/1.1\r\nHost: x\r\nnonsense'],
      ['a head too long', `GET / HTTP/1.1\r\nHost: x\r\nX-Long: ${'a'.repeat(MAX_RAW_HEAD_BYTES)}`],
    ];
    for (const [what, text] of refused) expect(head(text!), what).toBeUndefined();
  });
});

const PAGE = Buffer.from('<p>the page</p>');
const TIGHT: ServerLimits = { ...SERVER_LIMITS, maxRequestsPerSocket: 3, keepAliveTimeoutMs: 300 };

/** An HTTP server whose hits on /hit are answered raw, and which answers everything else itself with what it read. */
async function serve(limits: ServerLimits = SERVER_LIMITS, answer: RawAnswer | null = hitsOnly) {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => res.end(`node ${req.method} ${req.url} ${Buffer.concat(chunks).toString()}`));
  });
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxRequestsPerSocket = limits.maxRequestsPerSocket;
  answerRawHits(server, limits, () => answer ?? undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return (server.address() as AddressInfo).port;
}
const hitsOnly: RawAnswer = (req, res) => {
  if (req.url !== '/hit') return false;
  res.setHeader('x-request-id', 'r1');
  res.writeHead(200, { 'content-type': 'text/html', 'content-length': PAGE.length });
  res.end(PAGE);
  return true;
};
const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

/** Send the writes on one connection (a pause between them), and read everything until the server closes it or `idleMs` passes. */
function exchange(port: number, writes: string[], idleMs = 400): Promise<{ text: string; closedByServer: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    let timer: NodeJS.Timeout;
    const finish = (closedByServer: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ text, closedByServer });
    };
    const idle = () => {
      clearTimeout(timer);
      timer = setTimeout(() => finish(false), idleMs);
    };
    socket.on('data', (d: Buffer) => {
      text += d.toString('latin1');
      idle();
    });
    socket.on('end', () => finish(true));
    socket.on('error', reject);
    socket.on('connect', async () => {
      for (const w of writes) {
        socket.write(w);
        await new Promise((r) => setTimeout(r, 50));
      }
      idle();
    });
  });
}
const answers = (text: string) => text.split(/(?=HTTP\/1\.1 )/).filter(Boolean);
const GET = (url: string, extra = '') => `GET ${url} HTTP/1.1\r\nHost: x${extra}\r\n\r\n`;

describe('answerRawHits', () => {
  it('answers hits on the connection, pipelined ones in order, with the headers Node would send', async () => {
    const port = await serve();
    const { text } = await exchange(port, [GET('/hit') + GET('/hit', '\r\nAccept: */*')]);
    const all = answers(text);
    expect(all).toHaveLength(2);
    for (const a of all) {
      expect(a).toMatch(
        /^HTTP\/1\.1 200 OK\r\nx-request-id: r1\r\ncontent-type: text\/html\r\ncontent-length: 15\r\nDate: [^\r]+ GMT\r\nConnection: keep-alive\r\nKeep-Alive: timeout=72, max=1000\r\n\r\n<p>the page<\/p>$/,
      );
    }
  });

  it('answers HEAD with the headers alone', async () => {
    const port = await serve();
    const { text } = await exchange(port, [`HEAD /hit HTTP/1.1\r\nHost: x\r\n\r\n${GET('/hit')}`]);
    const [first, second] = answers(text);
    expect(first).toMatch(/content-length: 15\r\n[\s\S]*\r\n\r\n$/);
    expect(second).toMatch(/<p>the page<\/p>$/);
  });

  it('hands a connection to Node at its first request that is not a hit, with everything not yet answered', async () => {
    const port = await serve();
    const post = 'POST /form HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello';
    const { text } = await exchange(port, [GET('/hit') + post + GET('/hit')]);
    const all = answers(text);
    expect(all).toHaveLength(3);
    expect(all[0]).toMatch(/<p>the page<\/p>$/);
    expect(all[1]).toMatch(/node POST \/form hello$/);
    // Once Node's, always Node's: the hit after it is Node's to answer.
    expect(all[2]).toMatch(/node GET \/hit $/);
  });

  it('never reads a body as the next request: a GET with a body is Node to frame', async () => {
    const port = await serve();
    const smuggled = `GET /hit HTTP/1.1\r\nHost: x\r\nContent-Length: ${GET('/hit').length}\r\n\r\n${GET('/hit')}`;
    const { text } = await exchange(port, [smuggled]);
    const all = answers(text);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatch(/node GET \/hit GET \/hit HTTP\/1\.1/);
  });

  it('hands over a head cut across packets, and Node puts it together', async () => {
    const port = await serve();
    const { text } = await exchange(port, [GET('/hit'), 'GET /hit HTTP/1.1\r\nHo', 'st: x\r\n\r\n']);
    const all = answers(text);
    expect(all).toHaveLength(2);
    expect(all[0]).toMatch(/<p>the page<\/p>$/);
    expect(all[1]).toMatch(/node GET \/hit $/);
  });

  it('closes the connection after its last allowed request, saying so', async () => {
    const port = await serve(TIGHT);
    const { text, closedByServer } = await exchange(port, [GET('/hit').repeat(4)]);
    const all = answers(text);
    expect(all).toHaveLength(3);
    expect(all[1]).toContain('Keep-Alive: timeout=0, max=3');
    expect(all[2]).toContain('Connection: close\r\n');
    expect(closedByServer).toBe(true);
  });

  it('closes a connection idle past the keep-alive timeout', async () => {
    const port = await serve(TIGHT);
    const { text, closedByServer } = await exchange(port, [GET('/hit')], 2_000);
    expect(answers(text)).toHaveLength(1);
    expect(closedByServer).toBe(true);
  });

  it('leaves the request to Node when the answer fails before writing, and sends nothing twice when it fails after', async () => {
    const failing: RawAnswer = (req, res) => {
      if (req.url === '/before') throw new Error('failed before writing');
      res.writeHead(200, { 'content-length': PAGE.length });
      res.end(PAGE);
      throw new Error('an observer failed after writing');
    };
    const port = await serve(SERVER_LIMITS, failing);
    const { text } = await exchange(port, [GET('/after') + GET('/before')]);
    const all = answers(text);
    expect(all).toHaveLength(2);
    expect(all[0]).toMatch(/<p>the page<\/p>$/);
    expect(all[1]).toMatch(/node GET \/before $/);
  });

  it('refuses to send a header that would break the head, and Node answers instead', async () => {
    const injecting: RawAnswer = (_req, res) => {
      res.writeHead(200, { 'x-bad': 'a\r\nSet-Cookie: evil=1' });
      res.end(PAGE);
      return true;
    };
    const port = await serve(SERVER_LIMITS, injecting);
    const { text } = await exchange(port, [GET('/hit')]);
    expect(text).not.toContain('evil');
    expect(text).toMatch(/node GET \/hit $/);
  });

  it('gives every connection to Node while there is nothing to answer with', async () => {
    const port = await serve(SERVER_LIMITS, null);
    const { text } = await exchange(port, [GET('/hit')]);
    expect(text).toMatch(/node GET \/hit $/);
  });
});
