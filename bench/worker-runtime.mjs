// The runtime process of the worker benchmark: starts the worker in workerd (through Miniflare)
// against an emulator that runs in another process, prints one JSON line
// `{ url, directUrl, bareProxyUrl, pid, readyMs }` to stdout, and stays up until SIGTERM or until
// stdin closes. `url` is Miniflare's entry socket and `directUrl` its direct socket to the worker,
// which skips Miniflare's entry worker. `bareProxyUrl` is the direct socket of a second worker, in
// its own workerd process, that only passes each request on to the emulator with fetch(): the least
// any proxy in workerd costs.
//
// bench/worker.mjs starts it, so that Miniflare's Node side (the log lines workerd writes are
// piped through it) shares no event loop with the load generator or the emulator.
// Run: node bench/worker-runtime.mjs --emulator http://127.0.0.1:PORT [--rate-limit off]

import { performance } from 'node:perf_hooks';

import { Miniflare } from 'miniflare';

import { startStack } from '../tests/worker/harness.mjs';
import { option } from './lib.mjs';

const emulatorOrigin = option('--emulator', null);
if (!emulatorOrigin) {
  console.error('missing --emulator ORIGIN: start the emulator first (node tests/emulator/server.mjs --port 0)');
  process.exit(2);
}

const started = performance.now();
const stack = await startStack({
  emulatorOrigin,
  vars: { RATE_LIMIT_PER_SECOND: option('--rate-limit', 'off') },
  miniflareOptions: { unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }] },
});
const readyMs = performance.now() - started;
const directUrl = (await stack.mf.unsafeGetDirectURL()).origin;
const bareProxy = await startBareProxy(emulatorOrigin);
const bareProxyUrl = (await bareProxy.unsafeGetDirectURL()).origin;
console.log(JSON.stringify({ url: stack.url, directUrl, bareProxyUrl, pid: process.pid, readyMs }));

/**
 * Starts a worker that sends each request on to `upstream` with the same path and headers and
 * streams the response back. It has no routing, auth, token or JSON work, so its latency is the
 * floor for any worker that proxies a request in workerd.
 */
async function startBareProxy(upstream) {
  const mf = new Miniflare({
    host: '127.0.0.1',
    port: 0,
    cf: false,
    modules: true,
    script: `export default {
      fetch(request, env) {
        const url = new URL(request.url);
        return fetch(env.UPSTREAM + url.pathname + url.search, { headers: request.headers });
      },
    };`,
    bindings: { UPSTREAM: upstream },
    compatibilityDate: '2025-09-01',
    unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }],
  });
  await mf.ready;
  return mf;
}

let stopping = false;
async function stop() {
  if (stopping) {
    return;
  }
  stopping = true;
  await bareProxy.dispose();
  await stack.close();
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.resume();
