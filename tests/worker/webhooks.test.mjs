// The webhook pipeline in workerd (through Miniflare) against the Zoom emulator and its sink, with
// a real Durable Object ledger and a real queue. Covered: verification and rejections, URL
// validation, acknowledgement, dedupe, retries, the failed-deliveries list, the README's sink
// example, and a scan of all output for secrets.
// Needs pkg/ (`make pkg`) and node_modules (npm ci).

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import { DEMO_WEBHOOK_SECRET, buildEvent } from '../emulator/sender.mjs';
import { DEMO_SINK_SIGNING_SECRET } from '../emulator/sink.mjs';
import { API_KEY, authorized, emulatorStats, readResponse } from './harness.mjs';
import { NEXT_WEBHOOK_SECRET, startPipelineStack } from './pipeline.mjs';

const WEBHOOK_PATH = '/v1/webhooks/zoom';

// Every response body and header block seen by any test, for the secret scan at the end.
const seenOutputs = [];
const stacks = [];

async function newStack(vars) {
  const stack = await startPipelineStack(vars);
  stacks.push(stack);
  return stack;
}

async function record(response) {
  const result = await readResponse(response);
  seenOutputs.push(result.body, JSON.stringify([...response.headers]));
  return result;
}

async function postDelivery(stack, delivery) {
  return record(await stack.fetch(WEBHOOK_PATH, { method: 'POST', headers: delivery.headers, body: delivery.body }));
}

async function send(stack, kind, options = {}) {
  return postDelivery(stack, buildEvent(kind, options));
}

// Each test uses its own summary version, so the ledger's dedupe never links two tests.
let versionCounter = 0;
function freshVersion() {
  versionCounter += 1;
  const seconds = String(versionCounter % 60).padStart(2, '0');
  const minutes = String(Math.floor(versionCounter / 60)).padStart(2, '0');
  return `2025-12-01T10:${minutes}:${seconds}Z`;
}

async function controlSink(stack, changes) {
  const response = await fetch(`${stack.emulator.origin}/__emulator/sink/control`, { method: 'POST', body: JSON.stringify(changes) });
  assert.equal(response.status, 200);
}

async function waitFor(description, check, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}`);
    }
    await sleep(100);
  }
}

async function deliveriesWithId(stack, deliveryId) {
  const stats = await emulatorStats(stack);
  return stats.sinkDeliveries.filter((entry) => entry.deliveryId === deliveryId);
}

async function failedList(stack) {
  const result = await record(await stack.fetch('/v1/deliveries/failed', authorized()));
  assert.equal(result.status, 200, result.body);
  return result.json;
}

async function waitForFailure(stack, deliveryId, timeoutMs) {
  return waitFor(`a failed delivery ${deliveryId}`, async () => {
    const listing = await failedList(stack);
    return listing.failures.find((entry) => entry.deliveryId === deliveryId && entry.state === 'failed');
  }, timeoutMs);
}

function hmacHex(secret, text) {
  return createHmac('sha256', secret).update(text).digest('hex');
}

function logLines(stack) {
  return stack.logs.filter((line) => line.includes('{')).map((line) => {
    try {
      return JSON.parse(line.slice(line.indexOf('{')));
    } catch {
      return null;
    }
  }).filter(Boolean);
}

describe('webhook pipeline in workerd', () => {
  let stack;

  before(async () => {
    stack = await newStack();
  });

  after(async () => {
    await Promise.all(stacks.splice(0).map((each) => each.close()));
  });

  test('url validation answered', async () => {
    const result = await send(stack, 'url_validation', { plainToken: 'qgg8vlvZRS6UYooatFL8Aw' });
    assert.equal(result.status, 200, result.body);
    assert.equal(result.json.plainToken, 'qgg8vlvZRS6UYooatFL8Aw');
    assert.equal(result.json.encryptedToken, hmacHex(DEMO_WEBHOOK_SECRET, 'qgg8vlvZRS6UYooatFL8Aw'));
  });

  test('url validation with next secret', async () => {
    const result = await send(stack, 'url_validation', { plainToken: 'rotation_Token-1', secret: NEXT_WEBHOOK_SECRET });
    assert.equal(result.status, 200, result.body);
    assert.equal(result.json.encryptedToken, hmacHex(NEXT_WEBHOOK_SECRET, 'rotation_Token-1'));
  });

  test('unsigned challenge rejected', async () => {
    const result = await send(stack, 'unsigned_challenge');
    assert.equal(result.status, 401, result.body);
    assert.equal(result.json.reason, 'missing_signature');
    assert.equal(result.json.encryptedToken, undefined);
  });

  test('hostile challenge rejected', async () => {
    const result = await send(stack, 'hostile_challenge');
    assert.equal(result.status, 400, result.body);
    assert.equal(result.json.kind, 'invalid_challenge');
    assert.equal(result.json.encryptedToken, undefined);
    assert.ok(!result.body.includes('forged-summary'), 'the problem echoes the forged text');
  });

  for (const [kind, reason] of [
    ['tampered', 'signature_mismatch'],
    ['stale', 'stale_timestamp'],
    ['unsigned', 'missing_signature'],
    ['wrong_secret', 'signature_mismatch'],
  ]) {
    test(`${kind} event rejected as ${reason}`, async () => {
      const result = await send(stack, kind, { modifiedTime: freshVersion() });
      assert.equal(result.status, 401, result.body);
      assert.match(result.headers.get('content-type'), /^application\/problem\+json/);
      assert.equal(result.json.kind, 'webhook_rejected');
      assert.equal(result.json.reason, reason);
      assert.equal(typeof result.json.diagnostics.bodyBytes, 'number');
      assert.equal(result.json.diagnostics.secrets, undefined, 'the problem shows secret fingerprints');
      assert.ok(result.json.detail.length > 20);
      assert.ok(!result.body.includes('"ai_call_summary_id"'), 'the problem echoes the body');

      const logged = await waitFor('the rejection log line', () => logLines(stack).find((line) => line.route === 'webhooks' && line.reason === reason));
      assert.equal(logged.status, 401);
    });
  }

  test('wrong secret names likely causes', async () => {
    const result = await send(stack, 'wrong_secret', { modifiedTime: freshVersion() });
    const causes = result.json.diagnostics.likelyCauses.map((cause) => cause.code);
    assert.ok(causes.includes('wrong_secret'), causes.join(', '));
  });

  test('genuine event delivered once for three', async () => {
    const delivery = buildEvent('genuine', { modifiedTime: freshVersion() });
    const results = [];
    for (let index = 0; index < 3; index += 1) {
      results.push(await postDelivery(stack, delivery));
    }
    for (const result of results) {
      assert.equal(result.status, 200, result.body);
      assert.equal(result.json.status, 'accepted');
    }
    const { deliveryId } = results[0].json;
    assert.ok(results.every((result) => result.json.deliveryId === deliveryId));

    const [entry] = await waitFor('the sink delivery', async () => {
      const found = await deliveriesWithId(stack, deliveryId);
      return found.length > 0 ? found : null;
    });
    await sleep(1500);
    assert.equal((await deliveriesWithId(stack, deliveryId)).length, 1);
    assert.equal(entry.signatureValid, true);
    assert.equal(entry.summaryId, 'demo-summary');
    assert.equal(entry.hasSummaryText, true);
    assert.equal(entry.event, 'phone.ai_call_summary_changed');
    assert.equal(entry.userId, 'demo-user');
    assert.equal(entry.accountId, 'demo-account');
    assert.equal(entry.callId, '7018317023722949162');
    assert.match(entry.contentType, /^application\/json/);
  });

  test('resigned repeat is deduplicated', async () => {
    const modifiedTime = freshVersion();
    const first = await send(stack, 'genuine', { modifiedTime });
    await waitFor('the first delivery', async () => (await deliveriesWithId(stack, first.json.deliveryId)).length === 1);

    const repeat = await send(stack, 'genuine', { modifiedTime, timestamp: Math.floor(Date.now() / 1000) - 5 });
    assert.equal(repeat.status, 200);
    assert.equal(repeat.json.deliveryId, first.json.deliveryId);
    await sleep(1500);
    assert.equal((await deliveriesWithId(stack, first.json.deliveryId)).length, 1);
  });

  test('edited summary is delivered again', async () => {
    const first = await send(stack, 'genuine', { modifiedTime: freshVersion() });
    const edited = await send(stack, 'genuine', { modifiedTime: freshVersion() });
    assert.notEqual(edited.json.deliveryId, first.json.deliveryId);
    await waitFor('both versions', async () => (await deliveriesWithId(stack, first.json.deliveryId)).length === 1 && (await deliveriesWithId(stack, edited.json.deliveryId)).length === 1);
  });

  test('event_ts keys events without modified_time', async () => {
    versionCounter += 2;
    const eventTs = 1764590000000 + versionCounter;
    const first = await send(stack, 'genuine', { modifiedTime: null, eventTs });
    const again = await send(stack, 'genuine', { modifiedTime: null, eventTs });
    const other = await send(stack, 'genuine', { modifiedTime: null, eventTs: eventTs + 1 });
    assert.equal(again.json.deliveryId, first.json.deliveryId);
    assert.notEqual(other.json.deliveryId, first.json.deliveryId);
  });

  test('acknowledgement is immediate', async () => {
    const delivery = buildEvent('genuine', { modifiedTime: freshVersion() });
    const started = performance.now();
    const result = await postDelivery(stack, delivery);
    const elapsed = performance.now() - started;
    assert.equal(result.status, 200);
    // Zoom retries after 3 s; workerd on a shared test machine responds within tens of milliseconds.
    assert.ok(elapsed < 1000, `acknowledged after ${Math.round(elapsed)} ms`);
  });

  for (const kind of ['non_ascii', 'escaped']) {
    test(`${kind} event verified and delivered`, async () => {
      const result = await send(stack, kind, { modifiedTime: freshVersion() });
      assert.equal(result.status, 200, result.body);
      assert.equal(result.json.status, 'accepted');
      await waitFor('the sink delivery', async () => (await deliveriesWithId(stack, result.json.deliveryId)).length === 1);
    });
  }

  test('other events acknowledged only', async () => {
    const before = await emulatorStats(stack);
    const result = await send(stack, 'other_event');
    assert.equal(result.status, 200, result.body);
    assert.equal(result.json.status, 'ignored');
    assert.equal(result.json.event, 'phone.callee_ended');
    await sleep(1000);
    const afterStats = await emulatorStats(stack);
    assert.equal(afterStats.apiRequests, before.apiRequests);
  });

  test('deleted summary is not fetched', async () => {
    const before = await emulatorStats(stack);
    const result = await send(stack, 'deleted', { modifiedTime: freshVersion() });
    assert.equal(result.status, 200, result.body);
    assert.equal(result.json.status, 'skipped');
    await sleep(1500);
    const afterStats = await emulatorStats(stack);
    assert.equal(afterStats.apiRequests, before.apiRequests);
    assert.equal((await deliveriesWithId(stack, result.json.deliveryId)).length, 0);
  });

  test('sink down then back delivers', async () => {
    await controlSink(stack, { down: true });
    const before = await emulatorStats(stack);
    const result = await send(stack, 'genuine', { modifiedTime: freshVersion() });
    assert.equal(result.status, 200);

    await waitFor('two failed sink attempts', async () => (await emulatorStats(stack)).sinkAttempts >= before.sinkAttempts + 2);
    await controlSink(stack, { down: false });
    const [entry] = await waitFor('the delivery after recovery', async () => {
      const found = await deliveriesWithId(stack, result.json.deliveryId);
      return found.length > 0 ? found : null;
    });
    assert.equal(entry.signatureValid, true);
    await sleep(1500);
    assert.equal((await deliveriesWithId(stack, result.json.deliveryId)).length, 1);
    const listing = await failedList(stack);
    assert.ok(!listing.failures.some((failure) => failure.deliveryId === result.json.deliveryId));
  });

  test('missing scope ends in failed list', async () => {
    const result = await send(stack, 'genuine', { summaryId: 'scenario-missing_scope', modifiedTime: freshVersion() });
    assert.equal(result.status, 200);

    const failure = await waitForFailure(stack, result.json.deliveryId, 10000);
    assert.equal(failure.stage, 'fetch');
    assert.equal(failure.summaryId, 'scenario-missing_scope');
    assert.equal(failure.diagnosis.kind, 'missing_scope');
    assert.equal(failure.attempts, 1);
    assert.ok(failure.diagnosis.fixes.length > 0);
    assert.match(failure.diagnosis.trackingId, /^v=2\.0;clid=us06;rid=WEB_/);
    assert.equal(failure.diagnosis.status, 400);
  });

  test('summary not found retried then failed', async () => {
    const before = await emulatorStats(stack);
    const result = await send(stack, 'genuine', { summaryId: 'scenario-summary_not_found', modifiedTime: freshVersion() });

    const failure = await waitForFailure(stack, result.json.deliveryId, 15000);
    assert.equal(failure.diagnosis.kind, 'summary_not_found');
    assert.equal(failure.attempts, 4);
    const afterStats = await emulatorStats(stack);
    assert.equal(afterStats.scenarios.summary_not_found - (before.scenarios.summary_not_found ?? 0), 4);
  });

  test('failed delivery retried from list', async () => {
    await controlSink(stack, { down: true });
    const result = await send(stack, 'genuine', { modifiedTime: freshVersion() });
    const { deliveryId } = result.json;
    const failure = await waitForFailure(stack, deliveryId, 15000);
    assert.equal(failure.stage, 'deliver');
    assert.equal(failure.diagnosis.kind, 'sink_unavailable');
    assert.equal(failure.diagnosis.status, 503);
    assert.equal(failure.attempts, 4);

    await controlSink(stack, { down: false });
    const retry = await record(await stack.fetch(`/v1/deliveries/failed/${deliveryId}/retry`, authorized({ method: 'POST' })));
    assert.equal(retry.status, 202, retry.body);
    assert.equal(retry.json.deliveryId, deliveryId);

    const [entry] = await waitFor('the retried delivery', async () => {
      const found = await deliveriesWithId(stack, deliveryId);
      return found.length > 0 ? found : null;
    });
    assert.equal(entry.signatureValid, true);
    await waitFor('the failure to leave the list', async () => !(await failedList(stack)).failures.some((item) => item.deliveryId === deliveryId));
  });

  test('failed list requires the api key', async () => {
    const result = await record(await stack.fetch('/v1/deliveries/failed'));
    assert.equal(result.status, 401);
  });

  test('retry of unknown id gives 404', async () => {
    const result = await record(await stack.fetch('/v1/deliveries/failed/00000000-0000-8000-8000-000000000000/retry', authorized({ method: 'POST' })));
    assert.equal(result.status, 404, result.body);
    assert.equal(result.json.kind, 'delivery_not_found');
  });

  for (const segment of ['not-a-uuid', 'bad%ZZ', '00000000-0000-8000-8000-00000000000']) {
    test(`retry of malformed id ${segment}`, async () => {
      const result = await record(await stack.fetch(`/v1/deliveries/failed/${segment}/retry`, authorized({ method: 'POST' })));
      assert.equal(result.status, 400, result.body);
      assert.equal(result.json.kind, 'invalid_id');
    });
  }

  test('failed list rejects bad limit', async () => {
    const result = await record(await stack.fetch('/v1/deliveries/failed?limit=0', authorized()));
    assert.equal(result.status, 400, result.body);
  });

  test('failures never hold summary text', async () => {
    const listing = await failedList(stack);
    assert.ok(listing.total >= 2, `only ${listing.total} failures listed`);
    const text = JSON.stringify(listing);
    assert.ok(!text.includes('invoice 4471'), 'a failure record contains summary text');
    assert.ok(!text.includes('"call_summary"'), 'a failure record contains the summary field');
  });

  test('output never leaks secrets or summaries', async () => {
    const tokens = [...stack.emulator.state.tokens.keys()];
    assert.ok(tokens.length > 0, 'no token was minted');
    const secrets = [DEMO_WEBHOOK_SECRET, NEXT_WEBHOOK_SECRET, DEMO_SINK_SIGNING_SECRET, 'demo-client-secret', API_KEY];
    const signatures = tokens.map((token) => token.split('.')[2]);
    const logText = stack.logs.join('\n');
    const outputText = seenOutputs.join('\n');

    for (const needle of [...tokens, ...signatures, ...secrets]) {
      assert.ok(!logText.includes(needle), 'a log line contains a token or secret');
      assert.ok(!outputText.includes(needle), 'a response contains a token or secret');
    }
    for (const summaryText of ['invoice 4471', 'Dana from Northwind', 'refund request R-2291']) {
      assert.ok(!logText.includes(summaryText), 'a log line contains summary text');
      assert.ok(!outputText.includes(summaryText), 'a response contains summary text');
    }
  });

  test('deliveries are logged by id', async () => {
    const sent = logLines(stack).filter((line) => line.message === 'delivery sent');
    assert.ok(sent.length >= 5, `${sent.length} "delivery sent" lines`);
    for (const line of sent) {
      assert.match(line.deliveryId, /^[0-9a-f-]{36}$/);
      assert.equal(line.sinkStatus, 200);
    }
  });
});

describe('webhook pipeline configuration', () => {
  after(async () => {
    await Promise.all(stacks.splice(0).map((each) => each.close()));
  });

  test('missing secret names the setting', async () => {
    const stack = await newStack({ ZOOM_WEBHOOK_SECRET_TOKEN: undefined, ZOOM_WEBHOOK_SECRET_TOKEN_NEXT: undefined });
    const result = await send(stack, 'url_validation');
    assert.equal(result.status, 500, result.body);
    assert.equal(result.json.kind, 'configuration_missing');
    assert.deepEqual(result.json.missing, ['ZOOM_WEBHOOK_SECRET_TOKEN']);
  });

  test('missing sink secret is recorded', async () => {
    const stack = await newStack({ SINK_SIGNING_SECRET: undefined });
    const result = await send(stack, 'genuine', { modifiedTime: freshVersion() });
    assert.equal(result.status, 200, result.body);
    const failure = await waitForFailure(stack, result.json.deliveryId, 10000);
    assert.equal(failure.diagnosis.kind, 'configuration_missing');
    assert.deepEqual(failure.diagnosis.missing, ['SINK_SIGNING_SECRET']);
    assert.equal((await emulatorStats(stack)).apiRequests, 0);
  });

  test('dedupe entries expire after window', async () => {
    const stack = await newStack({ DEDUPE_WINDOW_SECONDS: '1', DEDUPE_SWEEP_SECONDS: '1' });
    const delivery = buildEvent('genuine', { modifiedTime: freshVersion() });
    const first = await postDelivery(stack, delivery);
    await waitFor('the first delivery', async () => (await deliveriesWithId(stack, first.json.deliveryId)).length === 1);

    await sleep(3000);
    await postDelivery(stack, buildEvent('genuine', { modifiedTime: JSON.parse(delivery.body).payload.object.modified_time }));
    const entries = await waitFor('the second delivery', async () => {
      const found = await deliveriesWithId(stack, first.json.deliveryId);
      return found.length === 2 ? found : null;
    });
    assert.equal(entries[1].repeated, true);
  });

  // A second retry request while the first retry is still fetching must not start a second delivery.
  test('repeated retry request delivers once', async () => {
    const stack = await newStack();
    const configured = await fetch(`${stack.emulator.origin}/__emulator/config`, { method: 'POST', body: JSON.stringify({ slowMs: 1500 }) });
    assert.equal(configured.status, 200);
    await controlSink(stack, { down: true });
    const result = await send(stack, 'genuine', { summaryId: 'scenario-slow', modifiedTime: freshVersion() });
    const { deliveryId } = result.json;
    await waitForFailure(stack, deliveryId, 20000);
    await controlSink(stack, { down: false });

    const retryPath = `/v1/deliveries/failed/${deliveryId}/retry`;
    const first = await record(await stack.fetch(retryPath, authorized({ method: 'POST' })));
    assert.equal(first.status, 202, first.body);
    await waitFor('the first retry to start fetching', async () => (await emulatorStats(stack)).scenarios.slow >= 5);
    const second = await record(await stack.fetch(retryPath, authorized({ method: 'POST' })));
    assert.equal(second.status, 409, second.body);
    assert.equal(second.json.kind, 'delivery_retry_pending');

    await waitFor('the retried delivery', async () => (await deliveriesWithId(stack, deliveryId)).length > 0);
    await sleep(3000);
    assert.equal((await deliveriesWithId(stack, deliveryId)).length, 1);
  });
});

// The sink example of README.md, with the package imported from pkg/.
function readSinkExample() {
  const markdown = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const match = /<!-- sink receiver example -->\s*\n```js\n([\s\S]*?)\n```/.exec(markdown);
  assert.ok(match, 'README.md has no sink receiver example');
  const entry = new URL('../../pkg/index.node.js', import.meta.url).href;
  return match[1].replace("from 'zoom-summary-doctor'", `from '${entry}'`);
}

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startExampleSink() {
  const folder = mkdtempSync(join(tmpdir(), 'zsd-sink-'));
  const file = join(folder, 'sink.mjs');
  writeFileSync(file, readSinkExample());

  const port = await freePort();
  const env = { ...process.env, PORT: String(port), SINK_SIGNING_SECRET: DEMO_SINK_SIGNING_SECRET };
  const child = spawn(process.execPath, [file], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
  }

  const url = `http://127.0.0.1:${port}/`;
  await waitFor('the example sink to listen', () => fetch(url, { method: 'POST', body: '{}' }).then((response) => response.status === 401, () => false));
  return {
    url,
    lines,
    stop() {
      child.kill();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

describe('readme sink example', () => {
  let sink;

  after(async () => {
    sink?.stop();
    await Promise.all(stacks.splice(0).map((each) => each.close()));
  });

  test('example sink stores delivery once', async () => {
    sink = await startExampleSink();
    assert.ok(sink.lines.includes('rejected: missing_signature'), sink.lines.join('\n'));
    const stack = await newStack({ SUMMARY_SINK_URL: sink.url });

    const delivery = buildEvent('genuine', { modifiedTime: freshVersion() });
    for (let index = 0; index < 3; index += 1) {
      const result = await postDelivery(stack, delivery);
      assert.equal(result.status, 200, result.body);
    }
    const stored = () => sink.lines.filter((line) => line.startsWith('stored summary demo-summary of call 7018317023722949162 as '));
    await waitFor('the stored line', () => stored().length > 0);
    await sleep(1500);
    assert.equal(stored().length, 1);
  });

  test('example sink rejects forged delivery', async () => {
    const body = JSON.stringify({ summary: { ai_call_summary_id: 'forged' } });
    const signature = `t=${Math.floor(Date.now() / 1000)},v1=${hmacHex('not-the-sink-secret', `${Math.floor(Date.now() / 1000)}.${body}`)}`;
    const response = await fetch(sink.url, { method: 'POST', headers: { 'x-zsd-signature': signature, 'x-zsd-delivery-id': 'forged' }, body });
    assert.equal(response.status, 401);
    await waitFor('the rejection line', () => sink.lines.includes('rejected: signature_mismatch'));
  });
});
