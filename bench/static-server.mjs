// The benchmark's "ceiling": a minimal static file server that hands out a
// saved copy of an article page. It reads index.html once at start and
// answers from memory, so what it measures is the cost of Node's HTTP stack
// for those bytes, the least any Node server can spend on them.
//
// Usage: node bench/static-server.mjs <folder> [port]
// Listens on 127.0.0.1 (port 0, the default, picks a free one) and prints one
// JSON line, {"port":N}, on stdout once it is listening.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';

const [folder, portArg = '0'] = process.argv.slice(2);
if (!folder) {
  process.stderr.write('usage: node bench/static-server.mjs <folder> [port]\n');
  process.exit(2);
}

const body = fs.readFileSync(path.join(folder, 'index.html'));
// The same bytes in brotli, made once, for clients that accept it (at the quality Broadsheet uses).
const brotli = zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } });
// The same headers for every hit, built once.
const okHeaders = {
  'content-type': 'text/html; charset=utf-8',
  'content-length': String(body.length),
  vary: 'accept-encoding',
};
const brotliHeaders = { ...okHeaders, 'content-length': String(brotli.length), 'content-encoding': 'br' };

const server = http.createServer((req, res) => {
  const pathname = (req.url ?? '/').split('?')[0];
  if (req.method === 'GET' && (pathname === '/' || pathname === '/index.html')) {
    const br = /\bbr\b/.test(String(req.headers['accept-encoding'] ?? ''));
    res.writeHead(200, br ? brotliHeaders : okHeaders);
    res.end(br ? brotli : body);
    return;
  }
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'content-length': '10' });
  res.end('Not found\n');
});

server.listen(Number(portArg), '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n');
});

// Close quietly when the driver stops us.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    server.close();
    server.closeAllConnections();
    process.exit(0);
  });
}
