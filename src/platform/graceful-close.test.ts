import net from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { gracefulCloser } from './graceful-close.js';

let app: FastifyInstance;
let port: number;
let closeGracefully: () => Promise<void>;
const events: string[] = [];

async function start({ graceMs = 300 }: { graceMs?: number } = {}) {
  events.length = 0;
  app = Fastify({ return503OnClosing: false });
  closeGracefully = gracefulCloser(app, { graceMs });
  app.get('/', async () => 'ok');
  app.get('/slow', async () => {
    await new Promise((r) => setTimeout(r, 300));
    events.push('slow answered');
    return 'slow ok';
  });
  app.addHook('onClose', async () => void events.push('closed'));
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as net.AddressInfo).port;
}

afterEach(async () => {
  if (app.server.listening) await app.close();
});

/** A connection the server has accepted, on which nothing has been sent yet. */
async function connect(): Promise<net.Socket> {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  // Let the server accept it.
  await new Promise((r) => setTimeout(r, 50));
  return socket;
}

/** Send one request on `socket`; the answer's text, or how the connection ended without one. */
function send(socket: net.Socket, path: string): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    socket.on('data', (d) => (text += d.toString()));
    socket.once('error', (err) => resolve(text || `error: ${(err as NodeJS.ErrnoException).code}`));
    socket.once('close', () => resolve(text || 'closed without an answer'));
    socket.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
  });
}

/** Send one request on a keep-alive `socket`, and resolve with the answer once it has all come. */
function sendKeepingOpen(socket: net.Socket, path: string): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    const onData = (d: Buffer) => {
      text += d.toString();
      if (/\r\n\r\n[\s\S]*ok$/.test(text)) {
        socket.off('data', onData);
        resolve(text);
      }
    };
    socket.on('data', onData);
    socket.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
  });
}

describe('the graceful close', () => {
  it('answers a request sent on a connection accepted just before the close began', async () => {
    await start({ graceMs: 1_000 });
    const socket = await connect();
    const closing = closeGracefully();
    await new Promise((r) => setTimeout(r, 100));
    const answer = await send(socket, '/');
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(answer.toLowerCase()).toContain('connection: close');
    await closing;
    expect(events).toEqual(['closed']);
  });

  it('answers the next request on a keep-alive connection sent as the close begins, and closes it after', async () => {
    await start();
    const socket = await connect();
    const first = await sendKeepingOpen(socket, '/');
    expect(first).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(first.toLowerCase()).toContain('connection: keep-alive');
    const closing = closeGracefully();
    const next = await send(socket, '/');
    expect(next).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(next.toLowerCase()).toContain('connection: close');
    await closing;
  });

  it('accepts no new connection once the close has begun', async () => {
    await start();
    const closing = closeGracefully();
    const refused = await new Promise<string>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.once('error', (err) => resolve((err as NodeJS.ErrnoException).code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');
    await closing;
  });

  it('lets a request in flight finish before the close hooks run', async () => {
    await start({ graceMs: 50 });
    const socket = await connect();
    const answered = send(socket, '/slow');
    await new Promise((r) => setTimeout(r, 50));
    await closeGracefully();
    expect(await answered).toMatch(/^HTTP\/1\.1 200 OK[\s\S]*slow ok$/);
    expect(events).toEqual(['slow answered', 'closed']);
  });

  it('closes connections that stay idle once the grace has passed, used or never used', async () => {
    await start({ graceMs: 200 });
    const unused = await connect();
    const used = await connect();
    expect(await sendKeepingOpen(used, '/')).toMatch(/^HTTP\/1\.1 200 OK/);
    const ended = (socket: net.Socket) => new Promise<string>((resolve) => socket.once('close', () => resolve('closed')));
    const both = Promise.all([ended(unused), ended(used)]);
    await closeGracefully();
    expect(await both).toEqual(['closed', 'closed']);
    expect(events).toEqual(['closed']);
  });
});
