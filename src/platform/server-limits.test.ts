import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { hitFirstServer } from './page-cache-fast-path.js';
import { SERVER_LIMITS } from './server-limits.js';

/** Send raw bytes on a new connection; resolves with everything the server sent once it closes the connection. */
function rawExchange(port: number, send: string): { socket: net.Socket; reply: Promise<string> } {
  const socket = net.connect(port, '127.0.0.1');
  socket.write(send);
  let text = '';
  const reply = new Promise<string>((resolve) => {
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.on('close', () => resolve(text));
    socket.on('error', () => resolve(text));
  });
  return { socket, reply };
}

describe('the server limits', () => {
  const servers: { close(): void }[] = [];
  afterEach(() => {
    for (const s of servers.splice(0)) s.close();
  });

  async function listen(limits = SERVER_LIMITS) {
    // Answers once the whole request has come.
    const server = hitFirstServer(limits).serverFactory((req, res) => {
      req.resume();
      req.on('end', () => res.end('ok'));
    });
    servers.push({ close: () => server.close() });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { server, port: (server.address() as net.AddressInfo).port };
  }

  it('are set on the server Broadsheet listens with', async () => {
    const { server } = await listen();
    expect(server.headersTimeout).toBe(30_000);
    expect(server.requestTimeout).toBe(120_000);
    expect(server.keepAliveTimeout).toBe(72_000);
    expect(server.maxRequestsPerSocket).toBe(1000);
  });

  it('close a connection that never finishes its headers, with 408', async () => {
    const { port } = await listen({ ...SERVER_LIMITS, headersTimeoutMs: 200, requestTimeoutMs: 400, checkEveryMs: 50 });
    const began = Date.now();
    const { reply } = rawExchange(port, 'GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    expect(await reply).toMatch(/^HTTP\/1\.1 408 /);
    expect(Date.now() - began).toBeLessThan(2000);
  });

  it('close a connection whose body never comes, with 408', async () => {
    const { port } = await listen({ ...SERVER_LIMITS, headersTimeoutMs: 200, requestTimeoutMs: 400, checkEveryMs: 50 });
    const { reply } = rawExchange(port, 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc');
    expect(await reply).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('ask the client to reconnect after maxRequestsPerSocket requests on one connection', async () => {
    const { port } = await listen({ ...SERVER_LIMITS, maxRequestsPerSocket: 2 });
    const get = 'GET / HTTP/1.1\r\nHost: x\r\n\r\n';
    const { socket, reply } = rawExchange(port, get + get);
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk.toString();
      if (text.split('HTTP/1.1 ').length > 2) socket.end();
    });
    await reply;
    const answers = text.split(/(?=HTTP\/1\.1 )/);
    expect(answers.map((a) => a.slice(0, 12))).toEqual(['HTTP/1.1 200', 'HTTP/1.1 200']);
    expect(answers[0]).toMatch(/^Connection: keep-alive/im);
    expect(answers[1]).toMatch(/^Connection: close/im);
  });
});
