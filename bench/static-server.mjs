// The benchmark's ceiling when nginx is not installed: a minimal static file
// server that reads every file under a folder once at start and answers from
// memory, so what it measures is the cost of Node's HTTP stack for those
// bytes, the least any Node server can spend on them.
//
// Usage: node bench/static-server.mjs <folder> [port]
// Serves each file at its path under the folder, as nginx does in the bench:
// files ending in .br or .gz carry that Content-Encoding, every file is
// text/html. Listens on 127.0.0.1 (port 0, the default, picks a free one) and
// prints one JSON line, {"port":N}, on stdout once it is listening.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const [folder, portArg = '0'] = process.argv.slice(2);
if (!folder) {
  process.stderr.write('usage: node bench/static-server.mjs <folder> [port]\n');
  process.exit(2);
}

const ENCODING_OF = { '.br': 'br', '.gz': 'gzip' };

/** Every file under the folder, with the headers it is sent with, built once. */
function loadFiles(root) {
  const files = new Map();
  for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath ?? entry.path, entry.name);
    const body = fs.readFileSync(full);
    const encoding = ENCODING_OF[path.extname(entry.name)];
    const headers = { 'content-type': 'text/html; charset=utf-8', 'content-length': String(body.length), vary: 'accept-encoding', ...(encoding ? { 'content-encoding': encoding } : {}) };
    files.set('/' + path.relative(root, full).split(path.sep).join('/'), { body, headers });
  }
  return files;
}

const files = loadFiles(folder);

const server = http.createServer((req, res) => {
  const file = req.method === 'GET' ? files.get((req.url ?? '/').split('?')[0]) : undefined;
  if (file) {
    res.writeHead(200, file.headers);
    res.end(file.body);
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
