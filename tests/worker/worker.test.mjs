// The worker in workerd against the Zoom emulator: success, every emulator scenario, concurrency,
// recovery, deadlines, auth, CORS, malformed ids, and a scan of all output for secrets.
// Needs pkg/ (`make pkg`) and node_modules (npm ci).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { API_KEY, PREVIOUS_API_KEY, authorized, emulatorStats, readResponse, startStack } from './harness.mjs';

const SUMMARY_PATH = '/v1/summaries/demo-user/demo-summary';

function scenarioPath(name) {
  return `/v1/summaries/demo-user/scenario-${name}`;
}

// Every response body and header block seen by any test, for the secret scan at the end.
const seenOutputs = [];
const stacks = [];

async function record(response) {
  const result = await readResponse(response);
  seenOutputs.push(result.body, JSON.stringify([...response.headers]));
  return result;
}

async function newStack(options) {
  const stack = await startStack(options);
  stacks.push(stack);
  return stack;
}

// Runs `body` on a fresh stack and always stops it.
async function withStack(options, body) {
  const stack = await startStack(options);
  try {
    await body(stack);
  } finally {
    await stack.close();
  }
}

// Reads the counters of the demo account's TokenBroker Durable Object through Miniflare.
async function brokerStats(stack) {
  const namespace = await stack.mf.getDurableObjectNamespace('TOKEN_BROKER');
  const stats = await namespace.get(namespace.idFromName('demo-client:demo-account')).stats();
  return { mints: stats.mints, tokenRequests: stats.tokenRequests, reservations: stats.reservations };
}

async function getSummary(stack, path = SUMMARY_PATH, init = {}) {
  return record(await stack.fetch(path, authorized(init)));
}

// Expected outcome per emulator scenario: caller status, problem kind, and Zoom's status.
const SCENARIO_EXPECTATIONS = [
  { name: 'missing_scope', status: 502, kind: 'missing_scope', zoomStatus: 400 },
  { name: 'master_account_required', status: 502, kind: 'master_account_required', zoomStatus: 400 },
  { name: 'permission_denied', status: 502, kind: 'permission_denied', zoomStatus: 403 },
  { name: 'user_not_found', status: 404, kind: 'user_not_found', zoomStatus: 404 },
  { name: 'summary_not_found', status: 404, kind: 'summary_not_found', zoomStatus: 404 },
  { name: 'phone_not_enabled', status: 502, kind: 'phone_not_enabled', zoomStatus: 403 },
  { name: 'rate_limited_daily', status: 429, kind: 'rate_limited', zoomStatus: 429, attempts: 1 },
  { name: 'rate_limited_daily_bare', status: 429, kind: 'rate_limited', zoomStatus: 429 },
  { name: 'rate_limited_qps', status: 429, kind: 'rate_limited', zoomStatus: 429, attempts: 4 },
  { name: 'upstream_unavailable', status: 503, kind: 'upstream_unavailable', zoomStatus: 503, attempts: 4 },
  { name: 'token_expired', status: 502, kind: 'token_expired', zoomStatus: 401, attempts: 2 },
];

describe('worker against the emulator', () => {
  let stack;

  before(async () => {
    stack = await newStack();
  });

  after(async () => {
    await Promise.all(stacks.map((each) => each.close()));
  });

  test('summary success path', async () => {
    const result = await getSummary(stack);
    assert.equal(result.status, 200);
    assert.equal(result.json.ai_call_summary_id, 'demo-summary');
    assert.match(result.json.call_summary, /invoice 4471/);
    assert.equal(result.json.meta.attempts, 1);
    assert.match(result.json.meta.trackingId, /^v=2\.0;clid=us06;rid=WEB_/);
    assert.equal(typeof result.json.meta.endpoint, 'string');
  });

  test('second request uses cached token', async () => {
    const result = await getSummary(stack);
    assert.equal(result.status, 200);
    assert.equal(result.json.meta.tokenCached, true);
  });

  for (const expected of SCENARIO_EXPECTATIONS) {
    test(`scenario ${expected.name} gives ${expected.kind}`, async () => {
      const result = await getSummary(stack, scenarioPath(expected.name));
      assert.equal(result.status, expected.status, result.body);
      assert.match(result.headers.get('content-type'), /^application\/problem\+json/);
      assert.equal(result.json.kind, expected.kind);
      assert.equal(result.json.status, expected.status);
      assert.equal(result.json.zoom?.status, expected.zoomStatus, JSON.stringify(result.json.zoom));
      if (expected.attempts) {
        assert.equal(result.json.meta.attempts, expected.attempts);
      }
    });
  }

  test('daily limit is not retried', async () => {
    const result = await getSummary(stack, scenarioPath('rate_limited_daily'));
    assert.equal(result.json.meta.attempts, 1);
    const retryAfter = Number(result.headers.get('retry-after'));
    assert.ok(Number.isInteger(retryAfter), `Retry-After ${result.headers.get('retry-after')}`);
    assert.ok(retryAfter > 0, `Retry-After ${retryAfter}`);
    assert.match(result.json.retryAt, /^\d{4}-\d{2}-\d{2}T00:00:00/);
  });

  test('per-second limit sends retry-after', async () => {
    const result = await getSummary(stack, scenarioPath('rate_limited_qps'));
    assert.equal(result.status, 429);
    assert.ok(Number(result.headers.get('retry-after')) >= 1);
  });

  test('rate_limited_qps_once succeeds after retry', async () => {
    const result = await getSummary(stack, scenarioPath('rate_limited_qps_once'));
    assert.equal(result.status, 200, result.body);
    assert.equal(result.json.meta.attempts, 2);
  });

  test('connection reset ends unreachable', async () => {
    const result = await getSummary(stack, scenarioPath('connection_reset'));
    assert.equal(result.status, 504, result.body);
    assert.equal(result.json.kind, 'network_unreachable');
    assert.equal(result.json.meta.attempts, 4);
  });

  test('redirect to foreign host is refused', async () => {
    const result = await getSummary(stack, scenarioPath('redirect_external'));
    assert.equal(result.status, 502, result.body);
    assert.equal(result.json.meta.attempts, 1);
  });

  test('redirect to the emulator is followed', async () => {
    const result = await getSummary(stack, scenarioPath('redirect_local'));
    assert.equal(result.status, 200, result.body);
    assert.equal(result.json.meta.attempts, 2);
  });

  test('unknown user gives 404', async () => {
    const result = await getSummary(stack, '/v1/summaries/someone-else/demo-summary');
    assert.equal(result.status, 404);
    assert.equal(result.json.kind, 'user_not_found');
  });

  test('missing key is rejected', async () => {
    const result = await record(await stack.fetch(SUMMARY_PATH));
    assert.equal(result.status, 401);
    assert.equal(result.json.kind, 'unauthorized');
    assert.match(result.json.detail, /Authorization: Bearer/);
  });

  test('wrong key is rejected', async () => {
    const result = await record(await stack.fetch(SUMMARY_PATH, authorized({}, 'not-the-key')));
    assert.equal(result.status, 401);
  });

  test('previous key still works', async () => {
    const result = await record(await stack.fetch(SUMMARY_PATH, authorized({}, PREVIOUS_API_KEY)));
    assert.equal(result.status, 200);
  });

  test('open routes need no key', async () => {
    const health = await record(await stack.fetch('/healthz'));
    assert.equal(health.status, 200);
    assert.equal(health.json.tokenBroker, 'durable_object');
    const page = await record(await stack.fetch('/problems/missing_scope'));
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type'), /text\/html/);
  });

  test('cors preflight from allowed origin', async () => {
    const result = await record(await stack.fetch(SUMMARY_PATH, { method: 'OPTIONS', headers: { origin: 'https://tools.example.test', 'access-control-request-method': 'GET' } }));
    assert.equal(result.status, 204);
    assert.equal(result.headers.get('access-control-allow-origin'), 'https://tools.example.test');
  });

  test('cors preflight from other origin', async () => {
    const result = await record(await stack.fetch(SUMMARY_PATH, { method: 'OPTIONS', headers: { origin: 'https://evil.example.test' } }));
    assert.equal(result.status, 403);
    assert.equal(result.headers.get('access-control-allow-origin'), null);
  });

  test('request from other origin is refused', async () => {
    const result = await getSummary(stack, SUMMARY_PATH, { headers: { origin: 'https://evil.example.test' } });
    assert.equal(result.status, 403);
    assert.equal(result.json.kind, 'origin_not_allowed');
  });

  test('allowed origin gets cors headers', async () => {
    const result = await getSummary(stack, SUMMARY_PATH, { headers: { origin: 'https://tools.example.test' } });
    assert.equal(result.status, 200);
    assert.equal(result.headers.get('access-control-allow-origin'), 'https://tools.example.test');
  });

  for (const [path, why] of [
    ['/v1/summaries/%20/demo-summary', 'blank user id'],
    ['/v1/summaries/demo-user/%2E%2E%2Fsecrets', 'climbing summary id'],
    ['/v1/summaries/demo-user/a%2Fb', 'encoded slash'],
    [`/v1/summaries/demo-user/${'x'.repeat(300)}`, 'overlong id'],
    ['/v1/summaries/demo-user/bad%ZZ', 'broken escape'],
  ]) {
    test(`malformed id: ${why}`, async () => {
      const result = await getSummary(stack, path);
      assert.equal(result.status, 400, result.body);
      assert.equal(result.json.kind, 'invalid_id');
      assert.ok(result.json.detail.length > 20);
    });
  }

  test('empty id segment is not a route', async () => {
    const result = await getSummary(stack, '/v1/summaries//demo-summary');
    assert.ok([400, 404].includes(result.status), `status ${result.status}`);
  });

  test('unknown route gives 404 problem', async () => {
    const result = await getSummary(stack, '/v1/nothing');
    assert.equal(result.status, 404);
    assert.equal(result.json.kind, 'route_not_found');
  });

  test('wrong method gives 405', async () => {
    const result = await getSummary(stack, SUMMARY_PATH, { method: 'POST', body: '{}' });
    assert.equal(result.status, 405);
    assert.match(result.headers.get('allow'), /GET/);
  });

  test('explain classifies a posted response', async () => {
    const posted = { status: 404, headers: { 'x-zm-trackingid': 'v=2.0;clid=us06;rid=WEB_abc' }, body: '{"code":1001,"message":"User does not exist: x."}' };
    const result = await getSummary(stack, '/v1/explain', { method: 'POST', body: JSON.stringify(posted), headers: { 'content-type': 'application/json' } });
    assert.equal(result.status, 200, result.body);
    assert.equal(result.json.kind, 'user_not_found');
  });

  test('explain rejects oversized body', async () => {
    const result = await getSummary(stack, '/v1/explain', { method: 'POST', body: 'x'.repeat(70 * 1024) });
    assert.equal(result.status, 413);
  });

  test('explain rejects non-json body', async () => {
    const result = await getSummary(stack, '/v1/explain', { method: 'POST', body: 'status=404' });
    assert.equal(result.status, 400);
    assert.equal(result.json.kind, 'invalid_body');
  });

  test('diagnose reports token without it', async () => {
    const result = await getSummary(stack, '/v1/diagnose?userId=demo-user&summaryId=demo-summary');
    assert.equal(result.status, 200, result.body);
    assert.equal(result.json.tokenResponse.access_token, undefined);
    assert.match(result.json.tokenResponse.scope, /phone:read:ai_call_summary:admin/);
    assert.equal(result.json.probe.ok, true);
    assert.equal(result.json.probe.summary, undefined);
    assert.equal(result.json.introspection.kind, 's2s_access');
    const userPath = result.json.preflight.checks.find((check) => check.endpoint === 'get_user_ai_call_summary');
    assert.ok(userPath, JSON.stringify(result.json.preflight));
    assert.equal(userPath.usable, 'yes');
  });

  test('token_invalid_once recovers with one re-mint', async () => {
    await getSummary(stack);
    const before = await emulatorStats(stack);
    const result = await getSummary(stack, scenarioPath('token_invalid_once'));
    const afterStats = await emulatorStats(stack);
    assert.equal(result.status, 200, result.body);
    assert.equal(result.json.meta.reminted, true);
    assert.equal(afterStats.tokenMints - before.tokenMints, 1);
  });

  test('output never leaks tokens or secrets', async () => {
    const tokens = [...stack.emulator.state.tokens.keys()];
    assert.ok(tokens.length > 0);
    const secrets = ['demo-client-secret', API_KEY, PREVIOUS_API_KEY];
    const signatures = tokens.map((token) => token.split('.')[2]);
    const logText = stack.logs.join('\n');
    const outputText = seenOutputs.join('\n');
    assert.ok(stack.logs.length > 10, `only ${stack.logs.length} log lines were captured`);

    for (const needle of [...tokens, ...signatures, ...secrets]) {
      assert.ok(!logText.includes(needle), 'a log line contains a token or secret');
      assert.ok(!outputText.includes(needle), 'a response contains a token or secret');
    }
    assert.ok(!logText.includes('invoice 4471'), 'a log line contains summary text');
  });

  test('one JSON log line per request', async () => {
    const lines = stack.logs.filter((line) => line.includes('"route"')).map((line) => JSON.parse(line.slice(line.indexOf('{'))));
    const summaries = lines.filter((line) => line.route === 'summaries');
    assert.ok(summaries.length > 10, `${summaries.length} summary lines among ${stack.logs.length}: ${stack.logs.slice(-3).join(' | ')}`);
    for (const line of summaries) {
      assert.equal(typeof line.status, 'number');
      assert.equal(typeof line.durationMs, 'number');
      assert.ok('kind' in line);
    }
  });
});

describe('cold worker', () => {
  test('50 parallel requests mint once', async () => {
    await withStack(undefined, async (stack) => {
      const results = await Promise.all(Array.from({ length: 50 }, () => getSummary(stack)));
      const stats = await emulatorStats(stack);
      assert.deepEqual(results.map((result) => result.status), Array(50).fill(200));
      assert.equal(stats.tokenMints, 1);
      assert.equal(stats.scenarios.rate_limited_qps ?? 0, 0);
      assert.ok(results.every((result) => result.json.meta.attempts === 1));
    });
  });

  test('isolate token copy skips broker', async () => {
    await withStack(undefined, async (stack) => {
      for (let index = 0; index < 20; index += 1) {
        assert.equal((await getSummary(stack)).status, 200);
      }
      const stats = await brokerStats(stack);
      assert.equal(stats.mints, 1);
      assert.equal(stats.tokenRequests, 1);
      assert.equal(stats.reservations, 20);
    });
  });

  test('full limiter queue gives 429', async () => {
    await withStack({ vars: { RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_MAX_QUEUE_MS: '1' } }, async (stack) => {
      const results = await Promise.all(Array.from({ length: 5 }, () => getSummary(stack)));
      const limited = results.filter((result) => result.status === 429);
      assert.ok(limited.length >= 1, results.map((result) => result.status).join(', '));
      assert.ok(limited.every((result) => result.json.kind === 'rate_limited'));
      assert.equal((await emulatorStats(stack)).scenarios.rate_limited_qps ?? 0, 0);
    });
  });

  test('limiter off reserves nothing', async () => {
    await withStack({ vars: { RATE_LIMIT_PER_SECOND: 'off', RATE_LIMIT_MAX_QUEUE_MS: '1' } }, async (stack) => {
      assert.equal((await getSummary(stack)).status, 200);
      const results = await Promise.all(Array.from({ length: 30 }, () => getSummary(stack)));
      assert.deepEqual(results.map((result) => result.status), Array(30).fill(200));
      const stats = await brokerStats(stack);
      assert.equal(stats.reservations, 0);
      assert.equal(stats.tokenRequests, 1);
      assert.equal(stats.mints, 1);
    });
  });

  test('bad id requests no token', async () => {
    await withStack(undefined, async (stack) => {
      for (const path of ['/v1/summaries/%252e%252e/demo-summary', '/v1/summaries/%2500/demo-summary', '/v1/summaries/demo-user/demo-summary?subAccountId=%20']) {
        const result = await getSummary(stack, path);
        assert.equal(result.status, 400, result.body);
        assert.equal(result.json.kind, 'invalid_id');
      }
      const stats = await brokerStats(stack);
      assert.equal(stats.tokenRequests, 0);
      assert.equal(stats.reservations, 0);
      assert.equal((await emulatorStats(stack)).tokenMints, 0);
    });
  });

  test('bad id wins over missing config', async () => {
    await withStack({ vars: { ZOOM_CLIENT_SECRET: undefined } }, async (stack) => {
      const result = await getSummary(stack, '/v1/summaries/%2500/demo-summary');
      assert.equal(result.status, 400, result.body);
      assert.equal(result.json.kind, 'invalid_id');
      assert.match(result.json.detail, /^target\.userId /);
    });
  });

  test('slow ends at the deadline', async () => {
    await withStack({ vars: { REQUEST_DEADLINE_MS: '1500' } }, async (stack) => {
      const started = Date.now();
      const result = await getSummary(stack, scenarioPath('slow'));
      const elapsed = Date.now() - started;
      assert.ok([503, 504].includes(result.status), result.body);
      assert.equal(result.json.kind, 'upstream_unavailable');
      assert.ok(elapsed < 3000, `took ${elapsed} ms with a 1500 ms deadline`);
    });
  });

  test('missing config names the setting', async () => {
    await withStack({ vars: { ZOOM_CLIENT_SECRET: undefined } }, async (stack) => {
      const result = await getSummary(stack);
      assert.equal(result.status, 500);
      assert.equal(result.json.kind, 'configuration_missing');
      assert.deepEqual(result.json.missing, ['ZOOM_CLIENT_SECRET']);
    });
  });

  test('works without durable object', async () => {
    await withStack({ durableObject: false }, async (stack) => {
      const results = await Promise.all(Array.from({ length: 5 }, () => getSummary(stack)));
      assert.deepEqual(results.map((result) => result.status), Array(5).fill(200));
      assert.ok(stack.logs.some((line) => line.includes('TOKEN_BROKER binding is missing')));
    });
  });

  test('wrong client secret gives 502', async () => {
    await withStack({ vars: { ZOOM_CLIENT_SECRET: 'wrong-secret-value' } }, async (stack) => {
      const result = await getSummary(stack);
      assert.equal(result.status, 502, result.body);
      assert.ok(!result.body.includes('wrong-secret-value'));
      assert.ok(!stack.logs.join('\n').includes('wrong-secret-value'));
    });
  });
});
