// The wasm client in headless Chromium (Debian's package, driven by playwright-core) against the
// emulator: the transport must reach the page's global `fetch`. Needs pkg/ (`make pkg`).

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';

import { chromium } from 'playwright-core';

import { startEmulator } from '../emulator/server.mjs';

const PKG = fileURLToPath(new URL('../../pkg/', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const TYPES = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };

let emulator;
let pages;
let browser;

// Serves pkg/ and an empty page, on loopback only.
function startPageServer() {
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://127.0.0.1').pathname;
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end('<!doctype html><title>client test</title>');
    }
    const file = normalize(join(PKG, path.replace(/^\/pkg\//, '')));
    if (!path.startsWith('/pkg/') || !file.startsWith(PKG) || !existsSync(file)) {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    return res.end(readFileSync(file));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${server.address().port}` }));
  });
}

before(async () => {
  emulator = await startEmulator({ port: 0, cors: true });
  pages = await startPageServer();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  pages?.server.close();
  await emulator?.close();
});

// Runs the client inside the page and returns what it resolved to.
async function runInPage(summaryId) {
  const page = await browser.newPage();
  try {
    await page.goto(`${pages.origin}/`);
    return await page.evaluate(
      async ({ emulatorOrigin, summaryId: id }) => {
        const doctor = await import('/pkg/zoom_summary_doctor.js');
        await doctor.default();
        const credentials = { accountId: 'demo-account', clientId: 'demo-client', clientSecret: 'demo-client-secret', oauthHost: emulatorOrigin };
        const minted = await doctor.mintToken(credentials);
        const outcome = await doctor.fetchSummary({ userId: 'demo-user', summaryId: id }, { getToken: async () => minted, apiHost: emulatorOrigin, deadlineMs: 5000 });
        return { mintedOk: minted.ok, outcome };
      },
      { emulatorOrigin: emulator.origin, summaryId },
    );
  } finally {
    await page.close();
  }
}

test('browser client fetches summary', async () => {
  const { mintedOk, outcome } = await runInPage('demo-summary');
  assert.equal(mintedOk, true);
  assert.equal(outcome.ok, true);
  assert.equal(outcome.summary.ai_call_summary_id, 'demo-summary');
  assert.match(outcome.meta.trackingId, /^v=2\.0;/);
});

test('browser client classifies failure', async () => {
  const { outcome } = await runInPage('scenario-user_not_found');
  assert.equal(outcome.ok, false);
  assert.equal(outcome.status, 404);
  assert.equal(outcome.problem.kind, 'user_not_found');
});

test('browser client retries per-second limit', async () => {
  const { outcome } = await runInPage('scenario-rate_limited_qps_once');
  assert.equal(outcome.ok, true);
  assert.equal(outcome.meta.attempts, 2);
});
