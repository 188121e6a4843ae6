// The benchmark's ceiling: static copies of article pages, the very bytes
// Broadsheet serves (plain, brotli and gzip), served by nginx when it is
// installed, else by bench/static-server.mjs (labelled "Node static server").
//
// Both serve the same layout: /<name>/index.html, /<name>/index.html.br and
// /<name>/index.html.gz, the compressed files with their Content-Encoding.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import zlib from 'node:zlib';
import { describeExit, exited, findExecutable, freePort, makeTempDir, ROOT, spawnNode, spawnProcess } from './processes.mjs';

export const ENCODINGS = [
  { encoding: '', suffix: '' },
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
];

/** GET a URL and keep the body exactly as sent (no decompression), with its status and headers. */
export function rawGet(url, headers) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.setTimeout(10_000, () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on('error', reject);
  });
}

/**
 * Save the page at `url` in each encoding as Broadsheet sends it, under
 * `<www>/<name>/`, and check the three decode to the same page.
 * Returns the byte counts.
 */
export async function saveCopy(www, name, url) {
  const dir = path.join(www, name);
  fs.mkdirSync(dir, { recursive: true });
  const bytes = {};
  let plain;
  for (const { encoding, suffix } of ENCODINGS) {
    const res = await rawGet(url, encoding ? { 'accept-encoding': encoding } : {});
    if (res.status !== 200) throw new Error(`GET ${url} (${encoding || 'plain'}) answered ${res.status}, expected 200`);
    if ((res.headers['content-encoding'] ?? '') !== encoding) throw new Error(`GET ${url} asking for ${encoding || 'no encoding'} came back as "${res.headers['content-encoding'] ?? 'plain'}"`);
    const decoded = encoding === 'br' ? zlib.brotliDecompressSync(res.body) : encoding === 'gzip' ? zlib.gunzipSync(res.body) : res.body;
    plain ??= decoded;
    if (!decoded.equals(plain)) throw new Error(`${url}: the ${encoding} copy is not the same page as the plain one (did the page change during the copy?)`);
    fs.writeFileSync(path.join(dir, `index.html${suffix}`), res.body);
    bytes[encoding || 'plain'] = res.body.length;
  }
  return bytes;
}

/** Which static server to use: BENCH_STATIC_SERVER=nginx|node, else nginx when installed. */
export function chooseStaticServer(env = process.env) {
  const asked = env.BENCH_STATIC_SERVER ?? '';
  const nginx = findExecutable('nginx', ['/usr/sbin', '/usr/local/sbin']);
  if (asked === 'node') return { kind: 'node', label: 'Node static server' };
  if (asked !== '' && asked !== 'nginx') throw new Error(`BENCH_STATIC_SERVER: "${asked}" is not nginx or node`);
  if (nginx) return { kind: 'nginx', label: 'nginx', executable: nginx, version: nginxVersion(nginx) };
  if (asked === 'nginx') throw new Error('BENCH_STATIC_SERVER=nginx, but nginx is not installed (Debian: apt-get install nginx-light)');
  return { kind: 'node', label: 'Node static server' };
}

function nginxVersion(executable) {
  const out = spawnSync(executable, ['-v'], { encoding: 'utf8' });
  return (out.stderr || out.stdout || '').trim().replace(/^nginx version:\s*/, '') || 'unknown';
}

/** Start the chosen static server on `www`; resolves with { server, base } once it answers. */
export async function startStaticServer(choice, www, probePath) {
  if (choice.kind === 'node') {
    const server = spawnNode([path.join(ROOT, 'bench', 'static-server.mjs'), www]);
    const port = await waitForPortLine(server);
    return { server, base: `http://127.0.0.1:${port}` };
  }
  const dir = makeTempDir('broadsheet-bench-nginx-');
  const port = await freePort();
  const conf = path.join(dir, 'nginx.conf');
  fs.writeFileSync(conf, nginxConfig(dir, www, port));
  const errorLog = path.join(dir, 'error.log');
  const server = spawnProcess(choice.executable, ['-p', dir, '-c', conf, '-e', errorLog]);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (exited(server)) throw new Error(describeExit(server, 'nginx') + readLog(errorLog));
    const res = await rawGet(base + probePath, {}).catch(() => null);
    if (res?.status === 200) return { server, base };
    if (Date.now() > deadline) throw new Error(`nginx did not answer 200 on ${base}${probePath} within 10 s` + readLog(errorLog));
    await sleep(100);
  }
}

const readLog = (file) => {
  try {
    return `\nits error log:\n${fs.readFileSync(file, 'utf8').trim()}`;
  } catch {
    return '';
  }
};

/**
 * A minimal nginx: in the foreground, every path in the temp dir, no access
 * log, sendfile and keep-alive (without a cap on requests per connection,
 * as Node has none). Files are served as they are: the .br and .gz copies
 * carry their Content-Encoding, so no compression happens per request.
 */
function nginxConfig(dir, www, port) {
  const p = (name) => path.join(dir, name);
  // As root, nginx would hand its workers to "nobody", who cannot read the temp dirs.
  const user = process.getuid?.() === 0 ? `user ${os.userInfo().username};\n` : '';
  return `${user}daemon off;
worker_processes auto;
pid ${p('nginx.pid')};
error_log ${p('error.log')} warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_timeout 65;
  keepalive_requests 1000000;
  client_body_temp_path ${p('client_body')};
  proxy_temp_path ${p('proxy')};
  fastcgi_temp_path ${p('fastcgi')};
  uwsgi_temp_path ${p('uwsgi')};
  scgi_temp_path ${p('scgi')};
  types { }
  default_type "text/html; charset=utf-8";
  server {
    listen 127.0.0.1:${port};
    root ${www};
    location ~ \\.br$ { add_header Content-Encoding br; add_header Vary Accept-Encoding; }
    location ~ \\.gz$ { add_header Content-Encoding gzip; add_header Vary Accept-Encoding; }
    location / { add_header Vary Accept-Encoding; }
  }
}
`;
}

/** The Node static server prints {"port":N} once listening. */
async function waitForPortLine(server) {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const line = server.output.stdout.split('\n').find((l) => l.startsWith('{'));
    if (line) return JSON.parse(line).port;
    if (exited(server)) throw new Error(describeExit(server, 'the static server'));
    await sleep(50);
  }
  throw new Error('the static server did not start listening within 10 s');
}
