// The wasm client (`mintToken`, `fetchSummary`) against hostile upstreams and callbacks: redirects
// and api_url values that try to pull the token elsewhere, disallowed hosts, callbacks that never
// settle, echoed secrets, oversized bodies and unusable Retry-After values. Needs pkg/ (`make pkg`).

import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';

import { fetchSummary, mintToken } from '../../pkg/index.node.js';

const TARGET = { userId: 'u1', summaryId: 's1' };
const ACCESS_TOKEN = 'eyJhbGciOiJIUzUxMiJ9.eyJhdWQiOiJodHRwczovL29hdXRoLnpvb20udXMifQ.c2lnbmF0dXJlLXBhcnQtb2YtdGhlLXRva2Vu';
const SUMMARY = { ai_call_summary_id: 's1', summary_content: 'ok' };

/** Starts a local HTTP server that records each request's Authorization header. */
async function recordingServer(handler) {
  const seen = [];
  const server = createServer((request, response) => {
    seen.push({ url: request.url, authorization: request.headers.authorization ?? null });
    handler(request, response);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, seen, close: () => new Promise((resolve) => server.close(resolve)) };
}

let decoy;

before(async () => {
  decoy = await recordingServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(SUMMARY));
  });
});

after(async () => {
  await decoy.close();
});

function tokenResult(tokenResponse = {}) {
  return async () => ({ ok: true, tokenResponse: { access_token: ACCESS_TOKEN, expires_in: 3600, ...tokenResponse }, expiresAt: 4102444800, mintedAt: 0 });
}

function jsonResponse(status, body, headers = {}) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

test('redirect to another loopback port refused', async () => {
  const redirector = await recordingServer((request, response) => {
    response.writeHead(302, { location: `http://localhost:${new URL(decoy.origin).port}${request.url}` });
    response.end();
  });
  try {
    const result = await fetchSummary(TARGET, { getToken: tokenResult(), apiHost: redirector.origin });
    assert.equal(result.ok, false);
    assert.equal(result.problem.kind, 'upstream_redirect_refused');
    assert.equal(decoy.seen.length, 0);
  } finally {
    await redirector.close();
  }
});

test('redirect within the same origin followed', async () => {
  const server = await recordingServer((request, response) => {
    if (request.url.startsWith('/old')) {
      response.writeHead(301, { location: request.url.replace('/old', '') });
      response.end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(SUMMARY));
  });
  try {
    const result = await fetchSummary(TARGET, { getToken: tokenResult(), apiHost: `${server.origin}/old` });
    assert.equal(result.ok, true);
    assert.equal(result.meta.attempts, 2);
  } finally {
    await server.close();
  }
});

test('redirect from Zoom to loopback or http refused', async () => {
  for (const location of [`${decoy.origin}/v2/x`, 'http://api.zoom.us/v2/x', 'https://evil.example/v2/x']) {
    const sent = [];
    const fetch = async (url, init) => {
      sent.push({ url, authorization: init.headers.Authorization });
      return sent.length === 1 ? new Response(null, { status: 302, headers: { location } }) : jsonResponse(200, SUMMARY);
    };
    const result = await fetchSummary(TARGET, { getToken: tokenResult(), fetch });
    assert.equal(result.problem?.kind, 'upstream_redirect_refused', location);
    assert.equal(sent.length, 1, location);
  }
});

test('redirect between Zoom hosts followed', async () => {
  const sent = [];
  const fetch = async (url) => {
    sent.push(url);
    return sent.length === 1 ? new Response(null, { status: 307, headers: { location: 'https://api-eu.zoom.us/v2/phone/user/u1/ai_call_summary/s1' } }) : jsonResponse(200, SUMMARY);
  };
  const result = await fetchSummary(TARGET, { getToken: tokenResult(), fetch });
  assert.equal(result.ok, true);
  assert.equal(sent[1], 'https://api-eu.zoom.us/v2/phone/user/u1/ai_call_summary/s1');
});

test('untrusted api_url ignored with warning', async () => {
  for (const apiUrl of [decoy.origin, 'https://evil.example', 'http://api.zoom.us']) {
    const sent = [];
    const fetch = async (url) => {
      sent.push(url);
      return jsonResponse(200, SUMMARY);
    };
    const result = await fetchSummary(TARGET, { getToken: tokenResult({ api_url: apiUrl }), fetch });
    assert.equal(result.ok, true, apiUrl);
    assert.ok(sent[0].startsWith('https://api.zoom.us/v2/'), sent[0]);
    assert.match(result.meta.warnings[0], /ignored the token response's api_url/);
  }
  assert.equal(decoy.seen.length, 0);
});

test('Zoom api_url is trusted', async () => {
  const sent = [];
  const fetch = async (url) => {
    sent.push(url);
    return jsonResponse(200, SUMMARY);
  };
  const result = await fetchSummary(TARGET, { getToken: tokenResult({ api_url: 'https://api-eu.zoom.us' }), fetch });
  assert.equal(result.ok, true);
  assert.ok(sent[0].startsWith('https://api-eu.zoom.us/v2/'), sent[0]);
  assert.equal(result.meta.warnings, undefined);
});

test('loopback api_url trusted from same-origin mint', async () => {
  const getToken = async () => ({ ok: true, tokenResponse: { access_token: ACCESS_TOKEN, api_url: decoy.origin }, oauthOrigin: decoy.origin });
  const before = decoy.seen.length;
  const result = await fetchSummary(TARGET, { getToken });
  assert.equal(result.ok, true);
  assert.equal(decoy.seen.length, before + 1);
  decoy.seen.length = 0;
});

test('disallowed apiHost rejects naming option', async () => {
  for (const apiHost of ['https://evil.example', 'http://api.zoom.us', 'https://x:pw@api.zoom.us']) {
    await assert.rejects(() => fetchSummary(TARGET, { getToken: tokenResult(), apiHost, fetch: async () => jsonResponse(200, SUMMARY) }), (error) => {
      assert.ok(error instanceof Error);
      assert.equal(error.code, 'invalid_argument');
      assert.equal(error.option, 'apiHost');
      assert.match(error.message, /^options\.apiHost /);
      assert.ok(!error.message.includes('pw@'), error.message);
      return true;
    });
  }
});

test('disallowed oauthHost rejects naming option', async () => {
  await assert.rejects(() => mintToken({ accountId: 'a', clientId: 'c', clientSecret: 's', oauthHost: 'https://evil.example' }), (error) => {
    assert.equal(error.code, 'invalid_argument');
    assert.equal(error.option, 'oauthHost');
    assert.match(error.message, /^config\.oauthHost /);
    return true;
  });
});

test('deadline holds when fetch ignores abort', async () => {
  const started = Date.now();
  const result = await fetchSummary(TARGET, { getToken: tokenResult(), fetch: () => new Promise(() => {}), deadlineMs: 300 });
  assert.equal(result.ok, false);
  assert.equal(result.problem.kind, 'upstream_unavailable');
  assert.ok(Date.now() - started < 1500, `took ${Date.now() - started} ms`);
});

test('deadline holds when getToken never settles', async () => {
  const started = Date.now();
  const result = await fetchSummary(TARGET, { getToken: () => new Promise(() => {}), fetch: async () => jsonResponse(200, SUMMARY), deadlineMs: 300 });
  assert.equal(result.ok, false);
  assert.equal(result.status, 504);
  assert.equal(result.problem.kind, 'callback_timed_out');
  assert.equal(result.problem.status, 504);
  assert.equal(result.meta.attempts, 0);
  assert.ok(Date.now() - started < 1500, `took ${Date.now() - started} ms`);
});

test('deadline holds when acquire never settles', async () => {
  const started = Date.now();
  const result = await fetchSummary(TARGET, { getToken: tokenResult(), acquire: () => new Promise(() => {}), fetch: async () => jsonResponse(200, SUMMARY), deadlineMs: 300 });
  assert.equal(result.ok, false);
  assert.equal(result.status, 504);
  assert.equal(result.problem.kind, 'callback_timed_out');
  assert.equal(result.problem.status, 504);
  assert.equal(result.meta.attempts, 0);
  assert.ok(Date.now() - started < 1500, `took ${Date.now() - started} ms`);
});

/** Returns an object whose `then` getter throws, which `await` rejects with. */
function throwingThen(message) {
  const value = {};
  Object.defineProperty(value, 'then', {
    get() {
      throw new Error(message);
    },
  });
  return value;
}

test('acquire with throwing then fails the call', async () => {
  const fetchCalls = [];
  const fetch = async (url) => {
    fetchCalls.push(url);
    return jsonResponse(200, SUMMARY);
  };
  const result = await fetchSummary(TARGET, { getToken: tokenResult(), acquire: () => throwingThen('limiter broke'), fetch });
  assert.equal(result.ok, false);
  assert.equal(result.status, 502);
  assert.equal(result.problem.kind, 'limiter_unavailable');
  assert.match(result.problem.detail, /limiter broke/);
  assert.deepEqual(fetchCalls, []);
});

test('getToken with throwing then fails the call', async () => {
  const result = await fetchSummary(TARGET, { getToken: () => throwingThen('store broke'), fetch: async () => jsonResponse(200, SUMMARY) });
  assert.equal(result.ok, false);
  assert.match(result.problem.detail, /store broke/);
});

test('getToken then getter runs once', async () => {
  let reads = 0;
  const token = await tokenResult()();
  const thenable = {};
  Object.defineProperty(thenable, 'then', {
    get() {
      reads += 1;
      return (resolve) => resolve(token);
    },
  });
  const result = await fetchSummary(TARGET, { getToken: () => thenable, fetch: async () => jsonResponse(200, SUMMARY) });
  assert.equal(result.ok, true);
  assert.equal(reads, 1);
});

test('promise with throwing constructor settles', async () => {
  // `await` on such a promise rejects with the getter's error, and the client does the same.
  const token = await tokenResult()();
  const trap = (value) => {
    const promise = Promise.resolve(value);
    Object.defineProperty(promise, 'constructor', {
      get() {
        throw new Error('constructor trap');
      },
    });
    return promise;
  };
  const summary = () => jsonResponse(200, SUMMARY);

  const fromGetToken = await fetchSummary(TARGET, { getToken: () => trap(token), fetch: async () => summary(), deadlineMs: 2000 });
  assert.equal(fromGetToken.ok, false);
  assert.match(fromGetToken.problem.detail, /getToken failed: constructor trap/);

  const fromAcquire = await fetchSummary(TARGET, { getToken: tokenResult(), acquire: () => trap(undefined), fetch: async () => summary(), deadlineMs: 2000 });
  assert.equal(fromAcquire.ok, false);
  assert.equal(fromAcquire.problem.kind, 'limiter_unavailable');
  assert.match(fromAcquire.problem.detail, /acquire callback failed: constructor trap/);

  const fromFetch = await fetchSummary(TARGET, { getToken: tokenResult(), fetch: () => trap(summary()), deadlineMs: 2000 });
  assert.equal(fromFetch.ok, false);
  assert.equal(fromFetch.problem.kind, 'network_unreachable');
});

test('fetch and text with throwing then', async () => {
  const throwingFetch = await fetchSummary(TARGET, { getToken: tokenResult(), fetch: () => throwingThen('fetch then broke'), deadlineMs: 2000 });
  assert.equal(throwingFetch.ok, false);
  assert.equal(throwingFetch.problem.kind, 'network_unreachable');

  const response = { status: 200, headers: new Headers({ 'content-type': 'application/json' }), text: () => throwingThen('text then broke') };
  const throwingText = await fetchSummary(TARGET, { getToken: tokenResult(), fetch: async () => response, deadlineMs: 2000 });
  assert.equal(throwingText.ok, false);
  assert.equal(throwingText.problem.kind, 'network_unreachable');
});

test('getToken failure without problem', async () => {
  const result = await fetchSummary(TARGET, { getToken: () => ({ ok: false, status: 503 }), fetch: async () => jsonResponse(200, SUMMARY) });
  assert.equal(result.ok, false);
  assert.equal(result.problem.kind, 'token_unavailable');
  assert.match(result.problem.detail, /without a problem object/);
});

test('mintToken timeout holds when fetch ignores abort', async () => {
  const started = Date.now();
  const result = await mintToken({ accountId: 'a', clientId: 'c', clientSecret: 's', oauthHost: 'http://127.0.0.1:1', timeoutMs: 200, fetch: () => new Promise(() => {}) });
  assert.equal(result.ok, false);
  assert.ok(Date.now() - started < 1500, `took ${Date.now() - started} ms`);
});

test('mintToken problem scrubs echoed secret', async () => {
  const secret = 'sek-ret-value-123';
  const basic = Buffer.from(`c:${secret}`).toString('base64');
  const fetch = async () => jsonResponse(401, { reason: `bad secret ${secret} (Basic ${basic}, c:${secret})`, error: `invalid_client ${secret}` });
  const result = await mintToken({ accountId: 'a', clientId: 'c', clientSecret: secret, oauthHost: 'http://127.0.0.1:1', fetch });
  assert.equal(result.ok, false);
  const text = JSON.stringify(result);
  assert.ok(!text.includes(secret), text);
  assert.ok(!text.includes(basic), text);
});

test('getToken error message scrubbed of JWTs', async () => {
  const getToken = async () => {
    throw new Error(`mint failed for ${ACCESS_TOKEN}`);
  };
  const result = await fetchSummary(TARGET, { getToken });
  assert.equal(result.ok, false);
  assert.match(result.problem.detail, /mint failed for \[redacted\]/);
  assert.ok(!JSON.stringify(result).includes(ACCESS_TOKEN));
  assert.ok(!JSON.stringify(result).includes(ACCESS_TOKEN.split('.')[2]));
});

test('oversized summary body is a problem', async () => {
  const big = JSON.stringify({ summary_content: 'x'.repeat(5 * 1024 * 1024) });
  for (const headers of [{ 'content-length': String(big.length) }, {}]) {
    const fetch = async () => new Response(big, { status: 200, headers });
    const result = await fetchSummary(TARGET, { getToken: tokenResult(), fetch });
    assert.equal(result.ok, false);
    assert.equal(result.status, 502);
    assert.equal(result.problem.kind, 'upstream_response_too_large');
  }
});

test('oversized getToken result is a problem', async () => {
  const getToken = async () => ({ access_token: ACCESS_TOKEN, scope: 'x '.repeat(100000) });
  const result = await fetchSummary(TARGET, { getToken, fetch: async () => jsonResponse(200, SUMMARY) });
  assert.equal(result.ok, false);
  assert.match(result.problem.detail, /over the 65536-byte limit/);
});

test('429 always carries a usable retryAfter', async () => {
  const qps = { code: 429, message: 'You have reached the maximum per-second rate limit for this API. Try again later.' };
  const daily = { code: 429, message: 'You have reached the maximum daily rate limit for this API.' };
  const cases = [
    [{ 'x-ratelimit-type': 'Daily-limit' }, daily],
    [{ 'x-ratelimit-type': 'Daily-limit', 'retry-after': '99999999999999999999' }, daily],
    [{ 'x-ratelimit-type': 'Daily-limit', 'retry-after': '-5' }, daily],
    [{ 'x-ratelimit-type': 'QPS', 'retry-after': '99999999999999999999' }, qps],
    [{ 'x-ratelimit-type': 'QPS', 'retry-after': '-5' }, qps],
  ];
  for (const [headers, body] of cases) {
    const fetch = async () => jsonResponse(429, body, headers);
    const result = await fetchSummary(TARGET, { getToken: tokenResult(), fetch, deadlineMs: 300 });
    assert.equal(result.status, 429, JSON.stringify(headers));
    assert.ok(Number.isInteger(result.retryAfter), JSON.stringify(headers));
    assert.ok(result.retryAfter >= 1, `${JSON.stringify(headers)} gave ${result.retryAfter}`);
    assert.ok(result.retryAfter <= 86400, `${JSON.stringify(headers)} gave ${result.retryAfter}`);
  }
});

test('passed-through 429 gets a retryAfter', async () => {
  const acquire = async () => {
    throw Object.assign(new Error('queue full'), { status: 429, problem: { kind: 'rate_limited', title: 'local' } });
  };
  const result = await fetchSummary(TARGET, { getToken: tokenResult(), acquire, fetch: async () => jsonResponse(200, SUMMARY) });
  assert.equal(result.status, 429);
  assert.equal(result.retryAfter, 1);
});

test('throwing option getters reject as invalid_argument', async () => {
  const trap = new Proxy({}, { get() { throw new Error('getter trap'); } });
  await assert.rejects(() => fetchSummary(TARGET, trap), { code: 'invalid_argument' });
  await assert.rejects(() => fetchSummary(trap, { getToken: tokenResult() }), { code: 'invalid_argument' });
  await assert.rejects(() => mintToken(trap), { code: 'invalid_argument' });
});
