// SPDX-License-Identifier: MIT
// A static file server for the built demo on localhost (no dependencies).
// Usage: node web-demo/serve.mjs [dir] [--port N]   (PORT also works; 8080 by default, the next
// free port when that one is taken). Prints the address.
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm', '.svg': 'image/svg+xml', '.png': 'image/png' };

/** Starts serving `root`; resolves to { server, url }. Port 0 picks any free port. */
export function serve(root, port = 8080, { tries = 20 } = {}) {
  const base = path.resolve(root);
  const server = createServer((req, res) => {
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = path.join(base, rel);
    if (file !== base && !file.startsWith(base + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if (statSync(file).isDirectory()) file = path.join(file, 'index.html');
      statSync(file);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    // no-cache: the browser revalidates; offline, the service worker answers instead.
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    const attempt = (p, left) => {
      server.once('error', (e) => (e.code === 'EADDRINUSE' && left > 0 && p !== 0 ? attempt(p + 1, left - 1) : reject(e)));
      server.listen(p, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${server.address().port}/` }));
    };
    attempt(port, tries);
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const portIndex = args.indexOf('--port');
  const port = portIndex >= 0 ? Number(args.splice(portIndex, 2)[1]) : Number(process.env.PORT ?? 8080);
  const root = args[0] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '../build/web-demo');
  const { url } = await serve(root, port);
  console.log(`nestegg demo: ${url}  (Ctrl-C to stop)`);
}
