// The static site the worker serves from www/dist in workerd: the demo page at "/", the widget
// modules and the package's browser build, with the content types browsers need, and the Live
// panel's same-origin call to /v1/diagnose. Needs pkg/ and www/dist (`make pkg` builds both).

import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { API_KEY, ASSETS_DIRECTORY, WORKER_FIRST_ROUTES, authorized, startStack } from './harness.mjs';

let stack;

before(async () => {
  stack = await startStack();
});

after(async () => {
  await stack?.close();
});

test('root serves the demo page', async () => {
  const response = await stack.fetch('/');
  const body = await response.text();

  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type'), /^text\/html/);
  assert.match(body, /<zoom-summary-doctor proxy-url="\/">/);
  assert.match(body, /src="\.\/widget\/zoom-summary-doctor\.js"/);
});

test('widget modules are javascript', async () => {
  for (const name of ['zoom-summary-doctor.js', 'zoom-summary-doctor-element.js', 'render.js']) {
    const response = await stack.fetch(`/widget/${name}`);
    const body = await response.text();

    assert.equal(response.status, 200, name);
    assert.match(response.headers.get('content-type'), /^(text|application)\/javascript/, name);
    assert.equal(body, await readFile(join(ASSETS_DIRECTORY, 'widget', name), 'utf8'), name);
  }
});

test('package browser build is served', async () => {
  const script = await stack.fetch('/pkg/zoom_summary_doctor.js');
  assert.equal(script.status, 200);
  assert.match(script.headers.get('content-type'), /^(text|application)\/javascript/);
  assert.match(await script.text(), /__wbg_init as default/);

  const wasm = await stack.fetch('/pkg/zoom_summary_doctor_bg.wasm');
  const bytes = new Uint8Array(await wasm.arrayBuffer());
  assert.equal(wasm.status, 200);
  assert.equal(wasm.headers.get('content-type'), 'application/wasm');
  assert.deepEqual([...bytes.subarray(0, 4)], [0x00, 0x61, 0x73, 0x6d]);
  assert.equal(bytes.length, (await readFile(join(ASSETS_DIRECTORY, 'pkg', 'zoom_summary_doctor_bg.wasm'))).length);
});

test('api routes still reach the worker', async () => {
  const health = await stack.fetch('/healthz');
  assert.equal(health.status, 200);
  assert.equal((await health.json()).status, 'ok');

  const missing = await stack.fetch('/widget/missing.js');
  assert.equal(missing.status, 404);
  assert.equal(missing.headers.get('content-type'), 'application/problem+json');
});

// Browsers send Origin on a same-origin request, so the page's own origin must pass the origin
// check even though ALLOWED_ORIGINS does not list it.
test('same-origin diagnose is allowed', async () => {
  const response = await stack.fetch('/v1/diagnose', authorized({ headers: { origin: stack.url } }));
  const body = await response.json();

  assert.equal(response.status, 200, JSON.stringify(body));
  assert.ok(Array.isArray(body.preflight.checks));
  assert.ok(!JSON.stringify(body).includes(API_KEY));
});

test('worker-first routes match wrangler.toml', async () => {
  const toml = await readFile(new URL('../../www/wrangler.toml', import.meta.url), 'utf8');
  const line = /^run_worker_first = (\[.*\])$/m.exec(toml);
  assert.ok(line, 'wrangler.toml has no run_worker_first line under [assets]');
  assert.deepEqual(JSON.parse(line[1]), WORKER_FIRST_ROUTES);
});

test('worker-first routes hide no asset', async () => {
  const files = await readdir(ASSETS_DIRECTORY, { recursive: true });
  const prefixes = WORKER_FIRST_ROUTES.map((route) => route.replace(/\*$/, '').replace(/^\//, ''));
  for (const file of files) {
    const path = file.split('\\').join('/');
    for (const prefix of prefixes) {
      const hidden = prefix.endsWith('/') ? path.startsWith(prefix) : path === prefix;
      assert.ok(!hidden, `www/dist/${path} would never be served: run_worker_first sends /${prefix} to the worker`);
    }
  }
});
