// The runtime process of the worker benchmark: starts the worker in workerd (through Miniflare)
// against an emulator that runs in another process, prints one JSON line
// `{ url, directUrl, pid, readyMs }` to stdout, and stays up until SIGTERM or until stdin closes.
// `url` is Miniflare's entry socket and `directUrl` its direct socket to the worker, which skips
// Miniflare's entry worker.
//
// bench/worker.mjs starts it, so that Miniflare's Node side (the log lines workerd writes are
// piped through it) shares no event loop with the load generator or the emulator.
// Run: node bench/worker-runtime.mjs --emulator http://127.0.0.1:PORT [--rate-limit off]

import { performance } from 'node:perf_hooks';

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
console.log(JSON.stringify({ url: stack.url, directUrl, pid: process.pid, readyMs }));

let stopping = false;
async function stop() {
  if (stopping) {
    return;
  }
  stopping = true;
  await stack.close();
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.resume();
