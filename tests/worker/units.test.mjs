// Node tests of the worker's plain modules: the limiter, the token store, id checks and config.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import './package-hook.mjs';
import { SlidingWindowLimiter, ratePerSecondFor } from '../../www/worker/limiter.mjs';
import { hasValidApiKey } from '../../www/worker/http.mjs';
import { scrubTrackingId } from '../../www/worker/log.mjs';
import { TokenStore, fingerprint } from '../../www/worker/token-store.mjs';

// Both import the package, which package-hook.mjs resolves once it is registered.
const { checkTarget, readId } = await import('../../www/worker/ids.mjs');
const { configFor, readConfig } = await import('../../www/worker/config.mjs');
const { retryAfterFor } = await import('../../www/worker/retry-after.mjs');

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

// The second caller's fingerprint check spans the end of the first caller's mint, so it compares
// against the token that mint replaced.
test('token store remints once across a finishing mint', async () => {
  let count = 0;
  let release;
  const gate = new Promise((resolve) => {
    release = resolve;
  });
  const store = new TokenStore(async () => {
    count += 1;
    const result = { ok: true, tokenResponse: { access_token: `token-${count}` }, expiresAt: Math.floor(Date.now() / 1000) + 3600 };
    if (count > 1) {
      await gate;
    }
    return result;
  });
  await store.get();
  const rejected = await fingerprint('token-1');

  const first = store.get({ forceRefresh: true, rejectedFingerprint: rejected });
  while (count < 2) {
    await new Promise((resolve) => setImmediate(resolve));
  }
  const second = store.get({ forceRefresh: true, rejectedFingerprint: rejected });
  release();

  const results = await Promise.all([first, second]);
  assert.equal(count, 2);
  assert.equal(results[0].tokenResponse.access_token, 'token-2');
  assert.equal(results[1].tokenResponse.access_token, 'token-2');
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

test('token store falls back on failed refresh', async () => {
  let count = 0;
  const store = new TokenStore(async () => {
    count += 1;
    if (count > 1) {
      return { ok: false, status: 502, problem: { kind: 'token_request_rejected' } };
    }
    return { ok: true, tokenResponse: { access_token: 'stale-token' }, expiresAt: Math.floor(Date.now() / 1000) + 30 };
  });
  await store.get();

  const fallback = await store.get();
  assert.equal(count, 2);
  assert.equal(fallback.ok, true);
  assert.equal(fallback.tokenResponse.access_token, 'stale-token');
  assert.equal(fallback.cached, true);

  const rejected = await store.get({ forceRefresh: true, rejectedFingerprint: await fingerprint('stale-token') });
  assert.equal(count, 3);
  assert.equal(rejected.ok, false);
});

test('token store keeps no failed mint', async () => {
  const store = new TokenStore(async () => ({ ok: false, status: 502, problem: { kind: 'token_request_rejected' } }));
  const result = await store.get();
  assert.equal(result.ok, false);
  assert.equal(store.current, null);
});

test('ids reject broken escapes and separators', () => {
  for (const segment of ['a%2Fb', 'a%5Cb', '%ZZ', '%E9']) {
    assert.ok(readId(segment, 'userId').error, `accepted ${JSON.stringify(segment)}`);
  }
});

test('target check rejects what the library rejects', () => {
  const rejected = ['', ' ', '..', '.', '%2e%2e', '%00', 'x\u0085', 'a\nb', 'x'.repeat(257), '\u00e9'.repeat(129)];
  for (const summaryId of rejected) {
    const checked = checkTarget({ userId: 'demo-user', summaryId });
    assert.ok(checked.error, `accepted ${JSON.stringify(summaryId)}`);
    assert.match(checked.error, /^target\.summaryId /);
  }
});

test('target check counts bytes, not characters', () => {
  assert.ok(checkTarget({ userId: 'demo-user', summaryId: '\u00e9'.repeat(128) }).target);
  assert.match(checkTarget({ userId: 'demo-user', summaryId: '\u00e9'.repeat(200) }).error, /256-byte/);
});

test('target check accepts ids and emails', () => {
  const target = { userId: 'ana+phone@example.com', summaryId: 'liU_FZKChYxZcQBIG5ed9j', subAccountId: '-BtKaWMavWqCvJvXwB7zZA' };
  assert.deepEqual(checkTarget(target).target, target);
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

test('config turns the limiter off', () => {
  for (const value of ['off', 'OFF', ' off ']) {
    const config = readConfig({ RATE_LIMIT_PER_SECOND: value });
    assert.equal(config.ratePerSecond, null, value);
    assert.deepEqual(config.invalid, [], value);
  }
});

test('config rejects other limiter words', () => {
  const config = readConfig({ RATE_LIMIT_PER_SECOND: 'none' });
  assert.equal(config.ratePerSecond, 20);
  assert.equal(config.invalid.length, 1);
  assert.match(config.invalid[0], /RATE_LIMIT_PER_SECOND must be a positive number, got "none"/);
  assert.match(config.invalid[0], /"off"/);
});

test('configFor reads each env once', () => {
  const env = { ZOOM_CLIENT_ID: 'id' };
  const config = configFor(env);
  assert.equal(configFor(env), config);
  assert.notEqual(configFor({ ZOOM_CLIENT_ID: 'id' }), config);
  assert.ok(Object.isFrozen(config));
});

test('config rejects bad numbers and plans', () => {
  const config = readConfig({ REQUEST_DEADLINE_MS: 'soon', ZOOM_PLAN: 'free' });
  assert.equal(config.invalid.length, 2);
  assert.equal(config.deadlineMs, 10_000);
});

test('config rejects hosts outside zoom', () => {
  const cases = [
    ['ZOOM_API_HOST', 'https://evil.example'],
    ['ZOOM_API_HOST', 'https://api.zoom.us.evil.example'],
    ['ZOOM_API_HOST', 'http://api.zoom.us'],
    ['ZOOM_OAUTH_HOST', 'https://evil.example'],
    ['ZOOM_OAUTH_HOST', 'http://zoom.us'],
  ];
  for (const [name, value] of cases) {
    const config = readConfig({ [name]: value });
    assert.equal(config.invalid.length, 1, `${name}=${value}: ${JSON.stringify(config.invalid)}`);
    assert.ok(config.invalid[0].startsWith(`${name} `), config.invalid[0]);
  }
});

test('config host error hides userinfo', () => {
  for (const name of ['ZOOM_API_HOST', 'ZOOM_OAUTH_HOST']) {
    const config = readConfig({ [name]: 'https://admin:hunter2secret@api.zoom.us' });
    assert.equal(config.invalid.length, 1, name);
    assert.ok(config.invalid[0].startsWith(`${name} `), config.invalid[0]);
    assert.ok(!config.invalid[0].includes('hunter2secret'), config.invalid[0]);
  }
});

test('config accepts zoom and loopback hosts', () => {
  for (const host of ['https://api.zoom.us', 'https://api-eu.zoom.us', 'https://api.zoomgov.com', 'http://127.0.0.1:8787', 'http://localhost:9000']) {
    assert.deepEqual(readConfig({ ZOOM_API_HOST: host }).invalid, [], host);
  }
  for (const host of ['https://zoom.us', 'https://zoomgov.com', 'http://127.0.0.1:8787']) {
    assert.deepEqual(readConfig({ ZOOM_OAUTH_HOST: host }).invalid, [], host);
  }
});

test('retry-after is whole seconds within a day', () => {
  const cases = [
    [429, undefined, 1],
    [429, null, 1],
    [429, -5, 1],
    [429, 0, 1],
    [429, Number.NaN, 1],
    [429, 0.2, 1],
    [429, 2.5, 3],
    [429, 1e20, 86_400],
    [429, Number.POSITIVE_INFINITY, 1],
    [503, 7, 7],
    [503, undefined, null],
    [503, -1, null],
  ];
  for (const [status, retryAfter, expected] of cases) {
    assert.equal(retryAfterFor(status, retryAfter), expected, `${status} with ${retryAfter}`);
  }
});

test('tracking id scrub keeps zoom ids', () => {
  const zoomId = 'v=2.0;clid=us06;rid=WEB_b6d5fa4765ccedc651cecf8bd1c50bf3';
  assert.equal(scrubTrackingId(zoomId), zoomId);
  assert.equal(scrubTrackingId(undefined), null);
  assert.equal(scrubTrackingId(42), null);
});

test('tracking id scrub removes jwts', () => {
  const signature = 'SIGNATUREPARTsecretsecretsecretsecretsecretsecret12';
  const jwt = `eyJhbGciOiJIUzUxMiJ9.eyJ0eXBlIjozfQ.${signature}`;
  for (const value of [jwt, `rid=${jwt}`, signature, `v=2.0;rid=${signature}`]) {
    const scrubbed = scrubTrackingId(value);
    assert.ok(!scrubbed.includes(signature), scrubbed);
    assert.ok(!scrubbed.includes('eyJ'), scrubbed);
    assert.match(scrubbed, /\[redacted\]/);
  }
  assert.equal(scrubTrackingId('x'.repeat(1000).replace(/x/g, 'a.')).length, 128);
});

test('config accepts two api keys', () => {
  const config = readConfig({ PROXY_API_KEY: 'a', PROXY_API_KEY_PREVIOUS: 'b' });
  assert.deepEqual(config.apiKeys, ['a', 'b']);
});

test('api key check accepts either key', async () => {
  const keys = ['current-key', 'previous-key'];
  const request = (key) => new Request('https://worker.example/v1/diagnose', { headers: { authorization: `Bearer ${key}` } });
  for (let round = 0; round < 2; round += 1) {
    assert.equal(await hasValidApiKey(request('current-key'), keys), true);
    assert.equal(await hasValidApiKey(request('previous-key'), keys), true);
    assert.equal(await hasValidApiKey(request('current-key-2'), keys), false);
    assert.equal(await hasValidApiKey(request(''), keys), false);
  }
  assert.equal(await hasValidApiKey(request('current-key'), []), false);
});

test('api key check rejects near keys', () => {
  const long = 'k'.repeat(300);
  const keys = ['current-key', long, 'clé-ünïcode'];
  const request = (key) => new Request('https://worker.example/v1/diagnose', { headers: { authorization: `Bearer ${key}` } });
  assert.equal(hasValidApiKey(request('current-ke'), keys), false);
  // Request rejects control characters in header values, so these go through a stand-in object.
  const raw = (key) => ({ headers: new Map([['authorization', `Bearer ${key}`]]) });
  assert.equal(hasValidApiKey(raw('current-key\u0000'), keys), false);
  assert.equal(hasValidApiKey(raw('current-key\u0001'), keys), false);
  assert.equal(hasValidApiKey(raw('current-key'), keys), true);
  assert.equal(hasValidApiKey(request(long), keys), true);
  assert.equal(hasValidApiKey(request(`${long}k`), keys), false);
  assert.equal(hasValidApiKey(request('k'.repeat(20000)), keys), false);
  assert.equal(hasValidApiKey(request('clé-ünïcode'), keys), true);
  assert.equal(hasValidApiKey(request('cle-unicode'), keys), false);
});
