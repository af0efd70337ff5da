/**
 * Browser tests of <zoom-summary-doctor> on the demo page, in Debian's headless Chromium
 * driven by playwright-core. They build www/dist from pkg/ (run `make pkg` first), serve it
 * on 127.0.0.1 and save the README screenshot to docs/widget-screenshot.png.
 */

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { chromium } from 'playwright-core';

import { buildSite } from '../../scripts/build-site.mjs';
import { startStaticServer } from './static-server.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const NOW = 1764590400;
const EVENTS = ['ready', 'result', 'error', 'support-bundle', 'panel-change'].map((name) => `zoom-summary-doctor:${name}`);
const LIVE_KEY = 'test-worker-key-1234';
const GOOD_LIVE_KEY = 'accepted-worker-key-5678';

const cases = {
  failures: JSON.parse(await readFile(join(ROOT, 'tests/cases/failures.json'), 'utf8')),
  tokens: JSON.parse(await readFile(join(ROOT, 'tests/cases/tokens.json'), 'utf8')),
  requests: JSON.parse(await readFile(join(ROOT, 'tests/cases/requests.json'), 'utf8')),
  webhooks: JSON.parse(await readFile(join(ROOT, 'tests/cases/webhooks.json'), 'utf8')),
};
const byId = (list, id) => list.find((item) => item.id === id);

// The signature part of every token in the cases: no output may contain one.
const SIGNATURES = [...new Set(JSON.stringify(cases).match(/eyJ[\w-]*\.[\w-]*\.[\w-]+/g).map((token) => token.split('.')[2]))];

let browser;
let server;
let diagnoseBody;
const liveRequests = [];

// The /v1/diagnose body for the token response case, built as the worker builds it.
async function buildDiagnoseBody() {
  const pkg = await import(pathToFileURL(join(ROOT, 'pkg', 'zoom_summary_doctor.js')).href);
  await pkg.default({ module_or_path: await readFile(join(ROOT, 'pkg', 'zoom_summary_doctor_bg.wasm')) });
  const tokenText = byId(cases.tokens, 'token-response-json').input;
  const { access_token: _removed, ...tokenResponse } = JSON.parse(tokenText);
  return {
    tokenResponse,
    expiresAt: 1764593400,
    tokenCached: true,
    introspection: pkg.introspectToken(tokenText, { now: NOW }),
    preflight: pkg.preflightSummaryAccess({ token: tokenText, now: NOW }),
  };
}

before(async () => {
  diagnoseBody = await buildDiagnoseBody();
  const dist = await buildSite(ROOT);
  server = await startStaticServer(dist, {
    // Test device standing in for the worker's /v1/diagnose: it records the request. It
    // accepts GOOD_LIVE_KEY with a body shaped like the worker's, made by the real package,
    // and rejects any other key with a problem document.
    '/v1/diagnose': (request, response) => {
      liveRequests.push({ url: request.url, authorization: request.headers.authorization });
      if (request.headers.authorization === `Bearer ${GOOD_LIVE_KEY}`) {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(diagnoseBody));
        return;
      }
      response.writeHead(401, { 'content-type': 'application/problem+json' });
      response.end(JSON.stringify({ type: '/problems/unauthorized', title: 'Missing or wrong API key', status: 401, detail: 'Send Authorization: Bearer <PROXY_API_KEY>.' }));
    },
  });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens the demo page, records its requests and events, and waits until the package is ready. */
async function openDemo({ width = 1000, height = 900, colorScheme = 'light', attributes = {} } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, colorScheme });
  const page = await context.newPage();
  const requests = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.addInitScript((names) => {
    window.widgetEvents = [];
    for (const name of names) {
      document.addEventListener(name, (event) => window.widgetEvents.push({ type: event.type, detail: event.detail }));
    }
  }, EVENTS);

  await page.goto(`${server.origin}/`);
  await page.evaluate((values) => {
    const element = document.querySelector('zoom-summary-doctor');
    for (const [name, value] of Object.entries(values)) {
      if (value === null) {
        element.removeAttribute(name);
      } else {
        element.setAttribute(name, value);
      }
    }
  }, attributes);
  await page.waitForFunction(() => window.widgetEvents.some((event) => event.type === 'zoom-summary-doctor:ready'));
  return { page, requests, context };
}

async function events(page, type) {
  return page.evaluate((name) => window.widgetEvents.filter((event) => event.type === name), `zoom-summary-doctor:${type}`);
}

/** Runs `action` and waits for the next result or error event of `panel`, which it returns. */
async function nextEvent(page, panel, action) {
  const before = await page.evaluate(() => window.widgetEvents.length);
  await action();
  await page.waitForFunction(([count, name]) => window.widgetEvents.slice(count).some((event) => event.detail?.panel === name
    && (event.type === 'zoom-summary-doctor:result' || event.type === 'zoom-summary-doctor:error')), [before, panel]);
  const fresh = await page.evaluate((count) => window.widgetEvents.slice(count), before);
  return fresh.find((event) => event.detail?.panel === panel && event.type !== 'zoom-summary-doctor:panel-change');
}

const widget = (page, selector) => page.locator(`zoom-summary-doctor ${selector}`);

async function texts(page, selector) {
  return widget(page, selector).allTextContents();
}

async function shadowText(page) {
  return page.evaluate(() => document.querySelector('zoom-summary-doctor').shadowRoot.querySelector('.widget').innerText);
}

function assertNoSignature(text, where) {
  for (const signature of SIGNATURES) {
    assert.ok(!text.includes(signature), `${where} contains a token signature`);
  }
}

// Offline use may load only the page, the widget modules and the package, whose bindings import
// the crate's JavaScript modules from pkg/snippets/.
function assertOnlyOwnAssets(requests) {
  const allowed = [
    /^\/$/,
    /^\/index\.html$/,
    /^\/widget\/[\w-]+\.js$/,
    /^\/pkg\/zoom_summary_doctor\.js$/,
    /^\/pkg\/zoom_summary_doctor_bg\.wasm$/,
    /^\/pkg\/snippets\/[\w-]+\/src\/bindings\/\w+\.js$/,
  ];
  for (const url of requests) {
    const parsed = new URL(url);
    assert.equal(parsed.origin, server.origin, `request to another origin: ${url}`);
    assert.ok(allowed.some((pattern) => pattern.test(parsed.pathname)), `unexpected request: ${parsed.pathname}`);
  }
}

describe('built-in examples', () => {
  test('master path 104 shows master_account_required', async () => {
    const { page, requests, context } = await openDemo();
    const event = await nextEvent(page, 'failure', () => widget(page, '[data-example="master-path-104"]').click());
    const expected = byId(cases.failures, 'seed-master-path-104').expect;

    assert.equal(event.detail.kind, expected.kind);
    assert.deepEqual(await texts(page, '#failure-result > .card > p > [data-kind]'), [expected.kind]);
    const fixes = (await texts(page, '#failure-result [data-fixes] li')).join('\n');
    assert.ok(fixes.length > 0, 'no fixes shown');
    const explanation = await widget(page, '#failure-result').textContent();
    for (const mention of expected.fixMentions) {
      assert.ok(explanation.includes(mention), `fixes do not mention ${mention}`);
    }
    assert.match(await widget(page, '#failure-result [data-tracking-id]').textContent(), /WEB_b6d5fa4765ccedc651cecf8bd1c50bf3/);
    assertNoSignature(await shadowText(page), 'rendered failure panel');
    assertOnlyOwnAssets(requests);
    await context.close();
  });

  test('S2S 403 shows permission_denied', async () => {
    const { page, requests, context } = await openDemo();
    const event = await nextEvent(page, 'failure', () => widget(page, '[data-example="s2s-403"]').click());
    const expected = byId(cases.failures, 'seed-user-path-403').expect;

    assert.equal(event.detail.kind, expected.kind);
    assert.equal(event.detail.result.retryable, expected.retryable);
    assert.ok((await texts(page, '#failure-result [data-fixes] li')).length > 0, 'no fixes shown');
    assert.match(await widget(page, '#failure-result [data-tracking-id]').textContent(), /WEB_02b3fe55033894eec53edf6c724b2712/);
    assertOnlyOwnAssets(requests);
    await context.close();
  });

  test('me with S2S shows me_not_supported', async () => {
    const { page, requests, context } = await openDemo();
    const event = await nextEvent(page, 'failure', () => widget(page, '[data-example="me-with-s2s"]').click());
    const expected = byId(cases.failures, 'seed-me-with-s2s').expect;

    assert.equal(event.detail.kind, expected.kind);
    const shownText = await widget(page, '#failure-result').textContent();
    for (const mention of expected.fixMentions) {
      assert.ok(shownText.includes(mention), `diagnosis does not mention ${mention}`);
    }
    assertOnlyOwnAssets(requests);
    await context.close();
  });

  test('expired token shows expiry', async () => {
    const { page, requests, context } = await openDemo();
    const event = await nextEvent(page, 'token', () => widget(page, '[data-example="expired-token"]').click());
    const expected = byId(cases.tokens, 'token-s2s-expired').expect;

    assert.equal(event.detail.kind, expected.kind);
    assert.equal(event.detail.result.expired, true);
    assert.equal(event.detail.result.expiresAt, expected.expiresAt);
    assert.equal(await widget(page, '#token-result [data-countdown]').textContent(), 'expired 1 h 00 min ago');
    assertNoSignature(await shadowText(page), 'rendered token panel');
    assertOnlyOwnAssets(requests);
    await context.close();
  });
});

describe('pasted input', () => {
  test('curl -i dump is parsed and diagnosed', async () => {
    const { page, requests, context } = await openDemo({ attributes: { now: String(NOW) } });
    const item = byId(cases.failures, 'rate-limit-daily');
    const dump = [
      `HTTP/2 ${item.response.status}`,
      ...Object.entries(item.response.headers).map(([name, value]) => `${name}: ${value}`),
      '',
      item.response.body,
    ].join('\r\n');

    await widget(page, '#tab-failure').click();
    await widget(page, '#failure-dump').fill(dump);
    await widget(page, '#failure-url').fill(item.context.request.url);
    const event = await nextEvent(page, 'failure', () => widget(page, '#panel-failure button[type="submit"]').click());

    assert.equal(event.detail.kind, item.expect.kind);
    assert.equal(event.detail.result.rateLimit.type, item.expect.rateLimitType);
    assert.equal(await widget(page, '#failure-status').inputValue(), '429');
    assert.match(await widget(page, '#failure-headers').inputValue(), /^retry-after: 2025-12-02T00:00:00Z$/m);
    assert.ok((await texts(page, '#failure-result [data-fixes] li')).length > 0, 'no fixes shown');
    assertOnlyOwnAssets(requests);
    await context.close();
  });

  test('token response lists scopes', async () => {
    const { page, requests, context } = await openDemo({ attributes: { now: String(NOW) } });
    const item = byId(cases.tokens, 'token-response-json');

    await widget(page, '#token-input').fill(item.input);
    const event = await nextEvent(page, 'token', () => widget(page, '#panel-token button[type="submit"]').click());

    assert.equal(event.detail.kind, item.expect.kind);
    const shownText = await widget(page, '#token-result').textContent();
    for (const scope of item.expect.scopes) {
      assert.ok(shownText.includes(scope), `scope ${scope} not shown`);
    }
    assert.equal(await widget(page, '#token-result [data-countdown]').textContent(), 'expires in 50 min 00 s');
    assertNoSignature(await shadowText(page), 'rendered token panel');
    assertNoSignature(JSON.stringify(await events(page, 'result')), 'result event');
    assertOnlyOwnAssets(requests);
    await context.close();
  });

  test('countdown ticks with the real clock', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    // The browser's clock is set to the cases' clock, so the fresh token has 50 minutes left.
    await page.clock.install({ time: NOW * 1000 });
    await page.goto(`${server.origin}/`);
    await page.locator('zoom-summary-doctor #token-input').fill(byId(cases.tokens, 'token-response-json').input);
    await page.locator('zoom-summary-doctor #panel-token button[type="submit"]').click();
    const countdown = widget(page, '#token-result [data-countdown]');
    await countdown.waitFor();

    assert.equal(await countdown.textContent(), 'expires in 50 min 00 s');
    await page.clock.runFor(5000);
    assert.equal(await countdown.textContent(), 'expires in 49 min 55 s');
    await page.clock.runFor(50 * 60 * 1000);
    assert.match(await countdown.textContent(), /^expired \d+ s ago$/);
    await context.close();
  });

  test('webhook verdicts and URL validation', async () => {
    const { page, requests, context } = await openDemo();
    await widget(page, '#tab-webhook').click();

    for (const id of ['webhook-summary-event', 'webhook-wrong-secret', 'webhook-url-validation']) {
      const item = byId(cases.webhooks, id);
      await page.evaluate((value) => { document.querySelector('zoom-summary-doctor').now = value; }, item.now);
      await widget(page, '#webhook-secret').fill(item.secretToken);
      await widget(page, '#webhook-headers').fill(Object.entries(item.headers).map(([name, value]) => `${name}: ${value}`).join('\n'));
      await widget(page, '#webhook-body').fill(item.rawBody);
      const event = await nextEvent(page, 'webhook', () => widget(page, '#panel-webhook button[type="submit"]').click());

      assert.equal(event.detail.valid, item.expect.valid, id);
      assert.equal(event.detail.kind, item.expect.valid ? 'valid' : item.expect.reason, id);
      if (item.expect.answer) {
        assert.deepEqual(JSON.parse(await widget(page, '#webhook-result [data-answer]').textContent()), item.expect.answer);
      }
      assert.ok(!(await shadowText(page)).includes(item.secretToken), `${id}: secret shown`);
    }
    assertOnlyOwnAssets(requests);
    await context.close();
  });

  test('request from event masks the token', async () => {
    const { page, requests, context } = await openDemo();
    const item = byId(cases.requests, 'request-from-webhook');
    const tokenText = item.options.token;
    await page.evaluate((value) => { document.querySelector('zoom-summary-doctor').now = value; }, item.options.now);

    await widget(page, '#tab-request').click();
    // The webhook case carries the phone.ai_call_summary_changed event for the same summary.
    await widget(page, '#request-event').fill(byId(cases.webhooks, 'webhook-summary-event').rawBody);
    await widget(page, '#request-token').fill(tokenText);
    const event = await nextEvent(page, 'request', () => widget(page, '#panel-request button[type="submit"]').click());

    assert.equal(event.detail.result.url, item.expect.url);
    assert.equal(await widget(page, '#request-user').inputValue(), item.target.userId);
    assert.equal(await widget(page, '#request-summary').inputValue(), item.target.summaryId);
    assert.equal(await widget(page, '#request-result [data-request-line]').textContent(), `GET ${item.expect.url}`);
    assertNoSignature(await shadowText(page), 'masked request');
    assertNoSignature(JSON.stringify(event.detail), 'request result event');

    await widget(page, '[data-action="reveal-token"]').click();
    assert.equal(await widget(page, '[data-action="reveal-token"]').getAttribute('aria-pressed'), 'true');
    assert.equal(await widget(page, '#request-result [data-header="authorization"]').textContent(), `Authorization: ${item.expect.authorization}`);
    assertOnlyOwnAssets(requests);
    await context.close();
  });

  test('support bundle has no token', async () => {
    const { page, context } = await openDemo();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
    await nextEvent(page, 'failure', () => widget(page, '[data-example="master-path-104"]').click());

    await widget(page, '[data-action="support-bundle"]').click();
    await page.waitForFunction(() => window.widgetEvents.some((event) => event.type === 'zoom-summary-doctor:support-bundle'));
    const [bundleEvent] = await events(page, 'support-bundle');
    const text = bundleEvent.detail.text;

    assert.match(text, /Tracking ID \(x-zm-trackingid\): v=2\.0;clid=us06;rid=WEB_b6d5fa4765ccedc651cecf8bd1c50bf3/);
    assert.match(text, /Diagnosis: master_account_required/);
    assert.match(text, /Token kind: s2s_access/);
    assert.ok(!text.includes('eyJ'), 'bundle contains a token');
    assertNoSignature(text, 'support bundle');
    assert.equal(await widget(page, '[data-bundle-field] textarea').inputValue(), text);
    await context.close();
  });

  test('empty failure form fires error', async () => {
    const { page, context } = await openDemo();
    await widget(page, '#tab-failure').click();
    const event = await nextEvent(page, 'failure', () => widget(page, '#panel-failure button[type="submit"]').click());

    assert.equal(event.type, 'zoom-summary-doctor:error');
    assert.equal(event.detail.code, 'invalid_argument');
    assert.match(await widget(page, '#error').textContent(), /HTTP status must be a number/);
    await context.close();
  });
});

describe('element contract', () => {
  test('attributes reflect to properties', async () => {
    const { page, context } = await openDemo();
    const values = await page.evaluate(() => {
      const element = document.querySelector('zoom-summary-doctor');
      element.panel = 'webhook';
      element.theme = 'dark';
      element.now = 1764590400;
      return {
        panel: element.getAttribute('panel'),
        theme: element.getAttribute('theme'),
        now: element.getAttribute('now'),
        nowProperty: element.now,
        proxyUrl: element.proxyUrl,
        webhookHidden: element.shadowRoot.getElementById('panel-webhook').hidden,
      };
    });

    assert.deepEqual(values, { panel: 'webhook', theme: 'dark', now: '1764590400', nowProperty: 1764590400, proxyUrl: '/', webhookHidden: false });
    await context.close();
  });

  test('theme attribute switches colours', async () => {
    const { page, context } = await openDemo({ colorScheme: 'light' });
    const background = () => page.evaluate(() => getComputedStyle(document.querySelector('zoom-summary-doctor')).backgroundColor);

    assert.equal(await background(), 'rgb(255, 255, 255)');
    await page.evaluate(() => document.querySelector('zoom-summary-doctor').setAttribute('theme', 'dark'));
    assert.equal(await background(), 'rgb(21, 24, 29)');
    await page.evaluate(() => document.querySelector('zoom-summary-doctor').style.setProperty('--zsd-background', 'rgb(1, 2, 3)'));
    assert.equal(await background(), 'rgb(1, 2, 3)');
    await context.close();
  });

  test('define twice is ignored', async () => {
    const { page, context } = await openDemo();
    const result = await page.evaluate(async () => {
      const { ZoomSummaryDoctorElement } = await import('./widget/zoom-summary-doctor-element.js');
      ZoomSummaryDoctorElement.define();
      ZoomSummaryDoctorElement.define('zoom-summary-doctor-copy');
      return customElements.get('zoom-summary-doctor') === ZoomSummaryDoctorElement;
    });

    assert.equal(result, true);
    await context.close();
  });

  test('live tab needs proxy-url', async () => {
    const { page, context } = await openDemo({ attributes: { 'proxy-url': null } });
    assert.equal(await widget(page, '#tab-live').isHidden(), true);

    await page.evaluate(() => document.querySelector('zoom-summary-doctor').setAttribute('proxy-url', '/'));
    assert.equal(await widget(page, '#tab-live').isVisible(), true);
    await context.close();
  });

  test('live check sends key to proxy only', async () => {
    const { page, requests, context } = await openDemo();
    await widget(page, '#tab-live').click();
    await widget(page, '#live-key').fill(LIVE_KEY);
    const event = await nextEvent(page, 'live', () => widget(page, '#panel-live button[type="submit"]').click());

    assert.equal(event.detail.status, 401);
    assert.equal(await widget(page, '#live-result h3').textContent(), 'Missing or wrong API key');
    assert.deepEqual(liveRequests.at(-1), { url: '/v1/diagnose', authorization: `Bearer ${LIVE_KEY}` });
    const stored = await page.evaluate(() => JSON.stringify([{ ...localStorage }, { ...sessionStorage }, document.cookie,
      document.querySelector('zoom-summary-doctor').outerHTML]));
    assert.ok(!stored.includes(LIVE_KEY), 'key stored outside memory');
    assert.ok(!JSON.stringify(await page.evaluate(() => window.widgetEvents)).includes(LIVE_KEY), 'key in an event');
    const offOrigin = requests.filter((url) => new URL(url).origin !== server.origin);
    assert.deepEqual(offOrigin, []);
    await context.close();
  });

  test('live check shows endpoint matrix', async () => {
    const { page, context } = await openDemo();
    await widget(page, '#tab-live').click();
    await widget(page, '#live-key').fill(GOOD_LIVE_KEY);
    const event = await nextEvent(page, 'live', () => widget(page, '#panel-live button[type="submit"]').click());

    assert.equal(event.detail.kind, 'diagnose');
    assert.equal(event.detail.status, 200);
    const cards = await texts(page, '#live-result [part="endpoint"]');
    assert.equal(cards.length, diagnoseBody.preflight.checks.length);
    assert.match(cards[0], /usable: yes/);
    assert.match(await widget(page, '#live-result').textContent(), /phone:read:ai_call_summary:admin/);
    assertNoSignature(await shadowText(page), 'live panel');
    await context.close();
  });
});

describe('keyboard and accessibility', () => {
  /** Presses Tab until the element with `id` inside the widget has focus, at most `limit` times. */
  async function tabTo(page, id, limit = 25) {
    for (let count = 0; count < limit; count += 1) {
      const active = await page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.id ?? null);
      if (active === id) {
        return;
      }
      await page.keyboard.press('Tab');
    }
    assert.fail(`Tab never reached #${id}`);
  }

  const activeId = (page) => page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.id ?? null);

  test('keyboard-only walk through failure panel', async () => {
    const { page, context } = await openDemo({ attributes: { now: String(NOW) } });
    const item = byId(cases.failures, 'token-expired-is');

    await tabTo(page, 'tab-token');
    await page.keyboard.press('ArrowRight');
    assert.equal(await activeId(page), 'tab-failure');
    assert.equal(await widget(page, '#panel-failure').isVisible(), true);

    await page.keyboard.press('End');
    assert.equal(await activeId(page), 'tab-live');
    await page.keyboard.press('Home');
    assert.equal(await activeId(page), 'tab-token');
    await page.keyboard.press('ArrowLeft');
    assert.equal(await activeId(page), 'tab-live');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    assert.equal(await activeId(page), 'tab-failure');

    await page.keyboard.press('Tab');
    assert.equal(await activeId(page), 'failure-dump');
    await page.keyboard.press('Tab');
    await page.keyboard.insertText(String(item.response.status));
    await page.keyboard.press('Tab');
    await page.keyboard.insertText(Object.entries(item.response.headers).map(([name, value]) => `${name}: ${value}`).join('\n'));
    await page.keyboard.press('Tab');
    await page.keyboard.insertText(item.response.body);

    // Method, URL and token come before the submit button in the tab order.
    for (let count = 0; count < 4; count += 1) {
      await page.keyboard.press('Tab');
    }
    const focusedLabel = await page.evaluate(() => document.activeElement.shadowRoot.activeElement.textContent);
    assert.equal(focusedLabel, 'Diagnose');
    const event = await nextEvent(page, 'failure', () => page.keyboard.press('Enter'));
    assert.equal(event.detail.kind, item.expect.kind);

    await page.keyboard.press('Tab');
    const next = await page.evaluate(() => document.activeElement.shadowRoot.activeElement.dataset.action ?? null);
    assert.equal(next, 'support-bundle');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.widgetEvents.some((e) => e.type === 'zoom-summary-doctor:support-bundle'));
    await page.waitForFunction(() => document.querySelector('zoom-summary-doctor').shadowRoot.getElementById('status').textContent !== '');
    await context.close();
  });

  for (const colorScheme of ['light', 'dark']) {
    test(`axe finds no serious violations (${colorScheme})`, async () => {
      const { page, context } = await openDemo({ colorScheme });
      await nextEvent(page, 'failure', () => widget(page, '[data-example="master-path-104"]').click());
      await widget(page, '[data-action="support-bundle"]').click();

      await page.addScriptTag({ path: AXE_PATH });
      const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
      const serious = results.violations.filter((violation) => ['serious', 'critical'].includes(violation.impact));
      assert.deepEqual(serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`), []);
      await context.close();
    });
  }

  test('fits 320 px without horizontal scroll', async () => {
    const { page, context } = await openDemo({ width: 320, height: 700 });
    await nextEvent(page, 'failure', () => widget(page, '[data-example="master-path-104"]').click());
    const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, viewport: window.innerWidth }));

    assert.ok(widths.page <= widths.viewport, `page is ${widths.page} px wide in a ${widths.viewport} px viewport`);
    await context.close();
  });
});

test('screenshot for the README', async () => {
  const { page, context } = await openDemo({ width: 1200, height: 1400 });
  await nextEvent(page, 'failure', () => widget(page, '[data-example="master-path-104"]').click());
  await page.locator('zoom-summary-doctor').screenshot({ path: join(ROOT, 'docs', 'widget-screenshot.png') });
  await context.close();
});
