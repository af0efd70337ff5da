// The wasm client (`mintToken`, `fetchSummary`) in Node 20 against the emulator, through the
// package's Node entry. Needs pkg/ (`make pkg`).

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { fetchSummary, mintToken } from '../../pkg/index.node.js';
import { startEmulator } from '../emulator/server.mjs';

let emulator;

before(async () => {
  emulator = await startEmulator({ port: 0 });
});

after(async () => {
  await emulator.close();
});

function credentials(overrides = {}) {
  return { accountId: 'demo-account', clientId: 'demo-client', clientSecret: 'demo-client-secret', oauthHost: emulator.origin, ...overrides };
}

function tokenSource() {
  const calls = [];
  const getToken = async (options) => {
    calls.push(options);
    return mintToken(credentials());
  };
  return { getToken, calls };
}

test('mintToken returns a token response', async () => {
  const result = await mintToken(credentials());
  assert.equal(result.ok, true);
  assert.equal(result.tokenResponse.token_type, 'bearer');
  assert.equal(result.tokenResponse.expires_in, 3600);
  assert.ok(result.expiresAt > Date.now() / 1000);
});

test('mintToken wrong secret gives problem', async () => {
  const result = await mintToken(credentials({ clientSecret: 'not-the-secret-123' }));
  assert.equal(result.ok, false);
  assert.equal(result.status, 502);
  assert.equal(result.problem.kind, 'token_request_rejected');
  assert.ok(!JSON.stringify(result).includes('not-the-secret-123'));
});

test('mintToken unreachable host gives problem', async () => {
  const result = await mintToken(credentials({ oauthHost: 'http://127.0.0.1:9', timeoutMs: 2000 }));
  assert.equal(result.ok, false);
  assert.equal(result.problem.kind, 'network_unreachable');
});

test('mintToken rejects a foreign host', async () => {
  await assert.rejects(() => mintToken(credentials({ oauthHost: 'http://example.com' })), (error) => {
    assert.equal(error.code, 'invalid_argument');
    return true;
  });
});

test('mintToken rejects missing fields', async () => {
  await assert.rejects(() => mintToken({ accountId: 'a' }), { code: 'invalid_argument' });
  await assert.rejects(() => mintToken(null), { code: 'invalid_argument' });
});

test('fetchSummary returns summary and meta', async () => {
  const { getToken, calls } = tokenSource();
  const result = await fetchSummary({ userId: 'demo-user', summaryId: 'demo-summary' }, { getToken, apiHost: emulator.origin });
  assert.equal(result.ok, true);
  assert.equal(result.status, 200);
  assert.equal(result.summary.ai_call_summary_id, 'demo-summary');
  assert.equal(result.meta.attempts, 1);
  assert.equal(result.meta.endpoint, 'get_user_ai_call_summary');
  assert.deepEqual(calls, [{ forceRefresh: false }]);
});

test('fetchSummary uses api_url without apiHost', async () => {
  const { getToken } = tokenSource();
  const result = await fetchSummary({ userId: 'demo-user', summaryId: 'demo-summary' }, { getToken });
  assert.equal(result.ok, true);
});

test('fetchSummary remints on revoked token', async () => {
  const { getToken, calls } = tokenSource();
  const result = await fetchSummary({ userId: 'demo-user', summaryId: 'scenario-token_invalid_once' }, { getToken, apiHost: emulator.origin });
  assert.equal(result.ok, true);
  assert.equal(result.meta.reminted, true);
  assert.equal(calls.length, 2);
  assert.equal(calls[1].forceRefresh, true);
  assert.match(calls[1].rejectedFingerprint, /^[0-9a-f]{12}$/);
});

test('fetchSummary calls acquire per attempt', async () => {
  const { getToken } = tokenSource();
  let acquired = 0;
  const acquire = async () => {
    acquired += 1;
  };
  const result = await fetchSummary({ userId: 'demo-user', summaryId: 'scenario-upstream_unavailable' }, { getToken, acquire, apiHost: emulator.origin });
  assert.equal(result.ok, false);
  assert.equal(result.status, 503);
  assert.equal(acquired, result.meta.attempts);
});

test('fetchSummary passes through thrown problems', async () => {
  const { getToken } = tokenSource();
  const acquire = async () => {
    throw Object.assign(new Error('queue full'), { status: 429, retryAfter: 3, problem: { kind: 'rate_limited', title: 'local' } });
  };
  const result = await fetchSummary({ userId: 'demo-user', summaryId: 'demo-summary' }, { getToken, acquire, apiHost: emulator.origin });
  assert.equal(result.status, 429);
  assert.equal(result.retryAfter, 3);
  assert.equal(result.problem.title, 'local');
});

test('fetchSummary uses an injected fetch', async () => {
  const { getToken } = tokenSource();
  const seen = [];
  const fetchSpy = (url, init) => {
    seen.push({ url, redirect: init.redirect, hasSignal: Boolean(init.signal) });
    return fetch(url, init);
  };
  const result = await fetchSummary({ userId: 'demo-user', summaryId: 'demo-summary' }, { getToken, fetch: fetchSpy, apiHost: emulator.origin });
  assert.equal(result.ok, true);
  assert.deepEqual(seen, [{ url: `${emulator.origin}/v2/phone/user/demo-user/ai_call_summary/demo-summary`, redirect: 'manual', hasSignal: true }]);
});

test('fetchSummary times out at deadline', async () => {
  const { getToken } = tokenSource();
  const started = Date.now();
  const result = await fetchSummary({ userId: 'demo-user', summaryId: 'scenario-slow' }, { getToken, apiHost: emulator.origin, deadlineMs: 1200 });
  assert.equal(result.ok, false);
  assert.equal(result.problem.kind, 'upstream_unavailable');
  assert.ok(Date.now() - started < 2500);
});

test('fetchSummary getToken failure passes through', async () => {
  const getToken = () => mintToken(credentials({ clientSecret: 'wrong-secret-456' }));
  const result = await fetchSummary({ userId: 'demo-user', summaryId: 'demo-summary' }, { getToken, apiHost: emulator.origin });
  assert.equal(result.ok, false);
  assert.equal(result.problem.kind, 'token_request_rejected');
  assert.equal(result.meta.attempts, 0);
});

test('fetchSummary accepts synchronous getToken', async () => {
  const minted = await mintToken(credentials());
  const calls = [];
  const getToken = (options) => {
    calls.push(options);
    return { ...minted, cached: true };
  };
  const acquire = () => undefined;
  const result = await fetchSummary({ userId: 'demo-user', summaryId: 'demo-summary' }, { getToken, acquire, apiHost: emulator.origin });
  assert.equal(result.ok, true);
  assert.equal(result.meta.tokenCached, true);
  assert.deepEqual(calls, [{ forceRefresh: false }]);
});

test('fetchSummary synchronous getToken throw', async () => {
  const getToken = () => {
    throw new Error('token store offline');
  };
  const result = await fetchSummary({ userId: 'demo-user', summaryId: 'demo-summary' }, { getToken, apiHost: emulator.origin });
  assert.equal(result.ok, false);
  assert.equal(result.status, 502);
  assert.match(result.problem.detail, /token store offline/);
  assert.equal(result.meta.attempts, 0);
});

test('fetchSummary reads rate-limit headers of a Headers object', async () => {
  const { getToken } = tokenSource();
  const headers = new Headers({
    'Content-Type': 'application/json',
    'X-RateLimit-Type': 'Daily-limit',
    'Retry-After': '2099-01-01T00:00:00Z',
    'X-Zm-TrackingId': 'v=2.0;clid=us06;rid=WEB_headers',
    'X-Unrelated': 'ignored',
  });
  const body = JSON.stringify({ code: 429, message: 'You have reached the maximum daily rate limit for this API.' });
  const fetch429 = () => new Response(body, { status: 429, headers });
  const result = await fetchSummary({ userId: 'demo-user', summaryId: 'demo-summary' }, { getToken, fetch: fetch429, apiHost: emulator.origin });
  assert.equal(result.status, 429);
  assert.equal(result.problem.rateLimit.type, 'daily');
  assert.equal(result.problem.trackingId, 'v=2.0;clid=us06;rid=WEB_headers');
  assert.equal(result.meta.attempts, 1);
});

test('fetchSummary reads headers given as a Map', async () => {
  const { getToken } = tokenSource();
  const body = JSON.stringify({ code: 429, message: 'You have reached the maximum daily rate limit for this API.' });
  const headers = new Map([['x-ratelimit-type', 'Daily-limit'], ['x-zm-trackingid', 'v=2.0;clid=us06;rid=WEB_map']]);
  const fetchMap = async () => ({ status: 429, headers, text: async () => body });
  const result = await fetchSummary({ userId: 'demo-user', summaryId: 'demo-summary' }, { getToken, fetch: fetchMap, apiHost: emulator.origin });
  assert.equal(result.status, 429);
  assert.equal(result.problem.rateLimit.type, 'daily');
  assert.equal(result.problem.trackingId, 'v=2.0;clid=us06;rid=WEB_map');
});

test('fetchSummary rejects bad arguments', async () => {
  const { getToken } = tokenSource();
  await assert.rejects(() => fetchSummary(null, { getToken }), { code: 'invalid_argument' });
  await assert.rejects(() => fetchSummary({ userId: 'u', summaryId: 's' }, null), { code: 'invalid_argument' });
  await assert.rejects(() => fetchSummary({ userId: 'u', summaryId: 's' }, { getToken: 'nope' }), { code: 'invalid_argument' });
  await assert.rejects(() => fetchSummary({ userId: 'u', summaryId: 's' }, { getToken, deadlineMs: -1 }), { code: 'invalid_argument' });
});

test('fetchSummary treats null options as absent', async () => {
  const { getToken } = tokenSource();
  const options = { getToken, apiHost: emulator.origin, acquire: null, fetch: null, deadlineMs: null, userAgent: null };
  const result = await fetchSummary({ userId: 'demo-user', summaryId: 'demo-summary', subAccountId: null }, options);
  assert.equal(result.ok, true);
});

test('fetchSummary rejects climbing id', async () => {
  const { getToken, calls } = tokenSource();
  await assert.rejects(() => fetchSummary({ userId: 'demo-user', summaryId: '..' }, { getToken, apiHost: emulator.origin }), { code: 'invalid_argument' });
  await assert.rejects(() => fetchSummary({ userId: '', summaryId: 'x' }, { getToken, apiHost: emulator.origin }), { code: 'invalid_argument' });
  assert.equal(calls.length, 0);
});
