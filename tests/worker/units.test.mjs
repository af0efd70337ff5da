// Node tests of the worker's plain modules: the limiter, the token store, id checks and config.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { SlidingWindowLimiter, ratePerSecondFor } from '../../www/worker/limiter.mjs';
import { TokenStore, fingerprint } from '../../www/worker/token-store.mjs';
import { readId } from '../../www/worker/ids.mjs';
import { readConfig } from '../../www/worker/config.mjs';

test('limiter never exceeds rate in any window', () => {
  const limiter = new SlidingWindowLimiter({ ratePerSecond: 20, maxQueueMs: 10_000 });
  const starts = [];
  for (let index = 0; index < 100; index += 1) {
    const slot = limiter.reserve(0);
    assert.equal(slot.granted, true);
    starts.push(slot.waitMs);
  }

  for (const start of starts) {
    const inWindow = starts.filter((other) => other >= start && other < start + 1000).length;
    assert.ok(inWindow <= 20, `${inWindow} grants in the window starting at ${start} ms`);
  }
  assert.equal(Math.max(...starts), 4000);
});

test('limiter rejects past max queue', () => {
  const limiter = new SlidingWindowLimiter({ ratePerSecond: 2, maxQueueMs: 1500 });
  const waits = [0, 1, 2, 3].map(() => limiter.reserve(0));
  assert.deepEqual(waits.map((slot) => slot.granted), [true, true, true, true]);
  const rejected = limiter.reserve(0);
  assert.equal(rejected.granted, false);
  assert.equal(rejected.retryAfterMs, 2000);
});

test('limiter rates follow plan', () => {
  assert.equal(ratePerSecondFor('pro', 'medium'), 10);
  assert.equal(ratePerSecondFor('business', 'medium'), 20);
});

function fakeMint() {
  let count = 0;
  const mint = async () => {
    count += 1;
    await new Promise((resolve) => setTimeout(resolve, 5));
    const now = Math.floor(Date.now() / 1000);
    return { ok: true, tokenResponse: { access_token: `token-${count}` }, expiresAt: now + 3600 };
  };
  return { mint, count: () => count };
}

test('token store mints single-flight', async () => {
  const { mint, count } = fakeMint();
  const store = new TokenStore(mint);
  const results = await Promise.all(Array.from({ length: 50 }, () => store.get()));
  assert.equal(count(), 1);
  assert.ok(results.every((result) => result.tokenResponse.access_token === 'token-1'));
  assert.equal(results.filter((result) => !result.cached).length, 50);
  assert.equal((await store.get()).cached, true);
});

test('token store remints only the rejected token', async () => {
  const { mint, count } = fakeMint();
  const store = new TokenStore(mint);
  await store.get();
  const rejected = await fingerprint('token-1');

  const fresh = await Promise.all([store.get({ forceRefresh: true, rejectedFingerprint: rejected }), store.get({ forceRefresh: true, rejectedFingerprint: rejected })]);
  assert.equal(count(), 2);
  assert.ok(fresh.every((result) => result.tokenResponse.access_token === 'token-2'));

  const stale = await store.get({ forceRefresh: true, rejectedFingerprint: rejected });
  assert.equal(stale.tokenResponse.access_token, 'token-2');
  assert.equal(count(), 2);
});

test('token store refreshes near expiry', async () => {
  let count = 0;
  const store = new TokenStore(async () => {
    count += 1;
    return { ok: true, tokenResponse: { access_token: `t${count}` }, expiresAt: Math.floor(Date.now() / 1000) + 59 };
  });
  await store.get();
  await store.get();
  assert.equal(count, 2);
});

test('token store keeps no failed mint', async () => {
  const store = new TokenStore(async () => ({ ok: false, status: 502, problem: { kind: 'token_request_rejected' } }));
  const result = await store.get();
  assert.equal(result.ok, false);
  assert.equal(store.current, null);
});

test('ids reject climbing and empty values', () => {
  for (const segment of ['', '%20', '..', '.', 'a%2Fb', 'a%5Cb', '%ZZ', 'x'.repeat(255), 'a%0Ab']) {
    assert.ok(readId(segment, 'userId').error, `accepted ${JSON.stringify(segment)}`);
  }
});

test('ids accept zoom ids and emails', () => {
  assert.equal(readId('liU_FZKChYxZcQBIG5ed9j', 'userId').value, 'liU_FZKChYxZcQBIG5ed9j');
  assert.equal(readId('ana%2Bphone%40example.com', 'userId').value, 'ana+phone@example.com');
  assert.equal(readId('-BtKaWMavWqCvJvXwB7zZA', 'userId').value, '-BtKaWMavWqCvJvXwB7zZA');
});

test('config names missing settings', () => {
  const config = readConfig({ ZOOM_CLIENT_ID: 'id' });
  assert.deepEqual(config.missingZoom, ['ZOOM_ACCOUNT_ID', 'ZOOM_CLIENT_SECRET']);
  assert.equal(config.missingApiKey, true);
  assert.equal(config.oauthHost, 'https://zoom.us');
  assert.equal(config.deadlineMs, 10_000);
  assert.equal(config.ratePerSecond, 20);
});

test('config rejects bad numbers and plans', () => {
  const config = readConfig({ REQUEST_DEADLINE_MS: 'soon', ZOOM_PLAN: 'free' });
  assert.equal(config.invalid.length, 2);
  assert.equal(config.deadlineMs, 10_000);
});

test('config accepts two api keys', () => {
  const config = readConfig({ PROXY_API_KEY: 'a', PROXY_API_KEY_PREVIOUS: 'b' });
  assert.deepEqual(config.apiKeys, ['a', 'b']);
});
