/**
 * A static file server for www/dist on 127.0.0.1 with a random port, for the widget tests.
 * It records every request it receives so that tests can check what the page asked for.
 */

import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.ts': 'text/plain; charset=utf-8',
  '.json': 'application/json',
};

function resolveInside(root, pathname) {
  const relative = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
  const path = join(root, relative === '' ? 'index.html' : relative);
  return path === root || path.startsWith(root + sep) ? path : null;
}

/**
 * Starts the server. `routes` maps a path to a handler `(request, response) => void` that
 * runs in place of a file, for the few tests that need a response no file can give.
 * Returns `{ origin, requests, close }`. Each recorded request is `{ method, path, headers }`.
 */
export async function startStaticServer(root, routes = {}) {
  const requests = [];
  const server = createServer(async (request, response) => {
    const { pathname } = new URL(request.url, 'http://127.0.0.1');
    requests.push({ method: request.method, path: pathname, headers: request.headers });

    if (routes[pathname]) {
      routes[pathname](request, response);
      return;
    }

    const path = resolveInside(root, pathname);
    try {
      const body = await readFile(path);
      response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end(`not found: ${pathname}`);
    }
  });

  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
