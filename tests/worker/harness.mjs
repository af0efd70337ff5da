// Runs the worker in workerd (through Miniflare, from the wrangler package) against the Zoom
// emulator, both on 127.0.0.1 with free ports, and collects every log line the worker writes.

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { Miniflare } from 'miniflare';

import { startEmulator } from '../emulator/server.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The static assets wrangler.toml names: www/dist, built by scripts/build-pkg.sh. */
export const ASSETS_DIRECTORY = join(ROOT, 'www', 'dist');
const run = promisify(execFile);

/** The paths that `run_worker_first` in wrangler.toml sends to the worker before any asset lookup. */
export const WORKER_FIRST_ROUTES = ['/v1/*', '/healthz', '/problems/*'];

/** The API key the tests configure. */
export const API_KEY = 'test-proxy-key-4f1c9a';

/** A second key, accepted during rotation. */
export const PREVIOUS_API_KEY = 'test-proxy-key-previous-77d2';

let bundlePromise = null;

/**
 * Bundles www/ with wrangler (the same esbuild step `wrangler deploy` runs) once per process and
 * returns the output directory. Requires pkg/ and www/dist to be built (`make pkg` builds both).
 */
export function bundleWorker() {
  if (!bundlePromise) {
    bundlePromise = bundle();
  }
  return bundlePromise;
}

async function bundle() {
  const outdir = mkdtempSync(join(tmpdir(), 'zsd-worker-'));
  process.on('exit', () => rmSync(outdir, { recursive: true, force: true }));
  await run(join(ROOT, 'node_modules/.bin/wrangler'), ['deploy', '--dry-run', '--outdir', outdir, '--config', join(ROOT, 'www/wrangler.toml')], {
    cwd: join(ROOT, 'www'),
    env: {
      ...process.env,
      WRANGLER_SEND_METRICS: 'false',
      WRANGLER_SEND_ERROR_REPORTS: 'false',
      WRANGLER_HIDE_BANNER: 'true',
      CLOUDFLARE_CF_FETCH_ENABLED: 'false',
      WRANGLER_LOG: 'error',
    },
  });
  return outdir;
}

function collectLines(stream, sink) {
  let pending = '';
  stream.on('data', (chunk) => {
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop();
    sink.push(...lines.filter((line) => line.trim() !== ''));
  });
}

/**
 * Starts the emulator and the worker. `vars` override the worker's settings; `durableObject: false`
 * leaves out the TOKEN_BROKER binding; `miniflareOptions` replace Miniflare options, such as
 * `durableObjects` or the queue bindings. `emulatorOrigin` points the worker at an emulator that
 * runs in another process instead of starting one here. Returns
 * `{ url, emulator, logs, mf, fetch(path, init), close() }`.
 */
export async function startStack({ vars = {}, durableObject = true, emulatorOptions = {}, miniflareOptions = {}, emulatorOrigin = null } = {}) {
  const emulator = emulatorOrigin ? { origin: emulatorOrigin, close: async () => {} } : await startEmulator({ port: 0, ...emulatorOptions });
  const outdir = await bundleWorker();
  const logs = [];

  const bindings = {
    ZOOM_ACCOUNT_ID: 'demo-account',
    ZOOM_CLIENT_ID: 'demo-client',
    ZOOM_CLIENT_SECRET: 'demo-client-secret',
    ZOOM_OAUTH_HOST: emulator.origin,
    ZOOM_API_HOST: emulator.origin,
    SUMMARY_SINK_URL: `${emulator.origin}/__emulator/sink`,
    PROXY_API_KEY: API_KEY,
    PROXY_API_KEY_PREVIOUS: PREVIOUS_API_KEY,
    ALLOWED_ORIGINS: 'https://tools.example.test',
    REQUEST_DEADLINE_MS: '10000',
    ...vars,
  };
  for (const [name, value] of Object.entries(bindings)) {
    if (value === undefined) {
      delete bindings[name];
    }
  }

  const mf = new Miniflare({
    host: '127.0.0.1',
    port: 0,
    cf: false,
    modules: true,
    scriptPath: join(outdir, 'index.js'),
    modulesRoot: outdir,
    // The same module types as wrangler.toml: the package's wasm and the problem pages as text.
    modulesRules: [
      { type: 'CompiledWasm', include: ['**/*.wasm'] },
      { type: 'Text', include: ['**/*.md'] },
    ],
    compatibilityDate: '2025-09-01',
    bindings,
    durableObjects: durableObject ? { TOKEN_BROKER: 'TokenBroker' } : {},
    // As in wrangler.toml: a path that matches a file is served from www/dist before the worker runs,
    // except for the run_worker_first routes. wrangler turns that list into this `static_routing`.
    assets: {
      directory: ASSETS_DIRECTORY,
      binding: 'ASSETS',
      routerConfig: { has_user_worker: true, static_routing: { user_worker: WORKER_FIRST_ROUTES } },
    },
    handleRuntimeStdio(stdout, stderr) {
      collectLines(stdout, logs);
      collectLines(stderr, logs);
    },
    ...miniflareOptions,
  });
  const url = (await mf.ready).origin;

  return {
    url,
    emulator,
    logs,
    mf,
    fetch: (path, init = {}) => fetch(new URL(path, url), init),
    async close() {
      await mf.dispose();
      await emulator.close();
    },
  };
}

/** Returns `init` with the API key in the Authorization header. */
export function authorized(init = {}, key = API_KEY) {
  return { ...init, headers: { authorization: `Bearer ${key}`, ...(init.headers ?? {}) } };
}

/** Reads the emulator's counters. */
export async function emulatorStats(stack) {
  const response = await fetch(`${stack.emulator.origin}/__emulator/stats`);
  return response.json();
}

/** Reads a response's body once and returns `{ status, headers, body, json }`; `json` is null when the body is not JSON. */
export async function readResponse(response) {
  const body = await response.text();
  let json = null;
  try {
    json = JSON.parse(body);
  } catch {
    json = null;
  }
  return { status: response.status, headers: response.headers, body, json };
}
