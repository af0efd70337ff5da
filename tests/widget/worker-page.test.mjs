/**
 * The demo page as the worker serves it: headless Chromium loads "/" from the worker in workerd
 * (Miniflare on 127.0.0.1), runs a built-in example, and uses the Live panel against the worker's
 * own /v1/diagnose, which talks to the Zoom emulator. Needs pkg/ and www/dist (`make pkg`).
 */

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { API_KEY, startStack } from '../worker/harness.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const failures = JSON.parse(await readFile(join(ROOT, 'tests/cases/failures.json'), 'utf8'));

let stack;
let browser;

before(async () => {
  stack = await startStack();
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  await stack?.close();
});

/** Opens the worker's "/" and waits until the widget reports that the package is ready. */
async function openWorkerPage() {
  const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
  const page = await context.newPage();
  const requests = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.addInitScript(() => {
    window.widgetEvents = [];
    for (const name of ['ready', 'result', 'error']) {
      document.addEventListener(`zoom-summary-doctor:${name}`, (event) => window.widgetEvents.push({ type: event.type, detail: event.detail }));
    }
  });

  await page.goto(`${stack.url}/`);
  await page.waitForFunction(() => window.widgetEvents.some((event) => event.type === 'zoom-summary-doctor:ready'));
  return { page, context, requests };
}

/** Runs `action` and returns the next result or error event of `panel`. */
async function nextEvent(page, panel, action) {
  const before = await page.evaluate(() => window.widgetEvents.length);
  await action();
  await page.waitForFunction(
    ([count, name]) => window.widgetEvents.slice(count).some((event) => event.detail?.panel === name),
    [before, panel],
  );
  const fresh = await page.evaluate((count) => window.widgetEvents.slice(count), before);
  return fresh.find((event) => event.detail?.panel === panel);
}

const widget = (page, selector) => page.locator(`zoom-summary-doctor ${selector}`);

test('worker page runs an example', async () => {
  const { page, context, requests } = await openWorkerPage();
  const event = await nextEvent(page, 'failure', () => widget(page, '[data-example="master-path-104"]').click());
  const expected = failures.find((item) => item.id === 'seed-master-path-104').expect;

  assert.equal(event.type, 'zoom-summary-doctor:result');
  assert.equal(event.detail.kind, expected.kind);
  assert.ok((await widget(page, '#failure-result [data-fixes] li').count()) > 0, 'no fixes shown');
  const paths = requests.map((url) => new URL(url).pathname);
  assert.ok(paths.includes('/pkg/zoom_summary_doctor_bg.wasm'), `the wasm was not loaded from the worker: ${paths.join(', ')}`);
  assert.deepEqual(requests.filter((url) => new URL(url).origin !== stack.url), []);
  await context.close();
});

test('worker live panel shows endpoint matrix', async () => {
  const { page, context } = await openWorkerPage();
  await widget(page, '#tab-live').click();
  await widget(page, '#live-key').fill(API_KEY);
  const event = await nextEvent(page, 'live', () => widget(page, '#panel-live button[type="submit"]').click());

  assert.equal(event.type, 'zoom-summary-doctor:result', JSON.stringify(event.detail));
  assert.equal(event.detail.status, 200);
  assert.equal(event.detail.kind, 'diagnose');
  const cards = await widget(page, '#live-result [part="endpoint"]').allTextContents();
  assert.equal(cards.length, event.detail.result.preflight.checks.length);
  assert.ok(cards.some((card) => /usable: yes/.test(card)), cards.join('\n'));
  assert.match(await widget(page, '#live-result').textContent(), /phone:read:ai_call_summary:admin/);
  assert.ok(!JSON.stringify(await page.evaluate(() => window.widgetEvents)).includes(API_KEY), 'the API key is in an event');
  await context.close();
});

test('worker live panel rejects wrong key', async () => {
  const { page, context } = await openWorkerPage();
  await widget(page, '#tab-live').click();
  await widget(page, '#live-key').fill('not-the-worker-key');
  const event = await nextEvent(page, 'live', () => widget(page, '#panel-live button[type="submit"]').click());

  assert.equal(event.detail.status, 401);
  assert.equal(await widget(page, '#live-result h3').textContent(), 'Missing or invalid API key');
  await context.close();
});
