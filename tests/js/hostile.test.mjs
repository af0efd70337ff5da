// The bindings contract under hostile arguments, through the installed package: detached buffers,
// option objects whose getters throw, wrong field types, oversized token inputs, tokens that
// cannot go in an HTTP header, URLs with credentials in error messages, and exceptions thrown by
// the caller's own header objects.
import assert from 'node:assert/strict';
import test from 'node:test';

import {
  buildSummaryRequest,
  buildTokenRequest,
  classifyFailure,
  initSync,
  introspectToken,
  preflightSummaryAccess,
  verifyWebhook,
} from 'zoom-summary-doctor';

const NOW = 1764590400;
const TARGET = { userId: 'u', summaryId: 's' };
const TOKEN = 'eyJhbGciOiJIUzUxMiJ9.eyJhdWQiOiJodHRwczovL29hdXRoLnpvb20udXMifQ.c2lnbmF0dXJlLXBhcnQtb2YtdGhlLXRva2Vu';

function trap() {
  return new Proxy({}, { get() { throw new Error('getter trap'); } });
}

/** Asserts that `call` throws an `invalid_argument` Error whose message matches `pattern`. */
function assertInvalid(call, pattern = /./) {
  assert.throws(call, (error) => {
    assert.ok(error instanceof Error, `threw ${error?.constructor?.name}`);
    assert.equal(error.code, 'invalid_argument');
    assert.match(error.message, pattern);
    return true;
  });
}

test('detached ArrayBuffer body is invalid_argument', () => {
  const buffer = new ArrayBuffer(8);
  structuredClone(buffer, { transfer: [buffer] });
  assertInvalid(() => verifyWebhook({ headers: {}, rawBody: buffer, secretToken: 's', now: NOW }), /detached/);

  const view = new Uint8Array(new ArrayBuffer(8));
  structuredClone(view.buffer, { transfer: [view.buffer] });
  assertInvalid(() => verifyWebhook({ headers: {}, rawBody: view, secretToken: 's', now: NOW }), /detached/);
});

test('empty ArrayBuffer body is not detached', () => {
  const result = verifyWebhook({ headers: {}, rawBody: new ArrayBuffer(0), secretToken: 's', now: NOW });
  assert.equal(typeof result, 'object');
});

test('throwing getters are invalid_argument', () => {
  assertInvalid(() => introspectToken(TOKEN, trap()), /getter threw/);
  assertInvalid(() => buildSummaryRequest(TARGET, trap()), /getter threw/);
  assertInvalid(() => buildSummaryRequest(trap(), {}), /getter threw/);
  assertInvalid(() => buildTokenRequest(trap()), /getter threw/);
  assertInvalid(() => preflightSummaryAccess(trap()), /getter threw/);
  assertInvalid(() => preflightSummaryAccess({ token: TOKEN, target: trap() }), /getter threw/);
});

test('wrong field types name the field', () => {
  assertInvalid(() => buildSummaryRequest(TARGET, { apiUrl: 42 }), /^options\.apiUrl must be a string/);
  assertInvalid(() => buildSummaryRequest(TARGET, { token: 7 }), /^options\.token must be a string/);
  assertInvalid(() => buildSummaryRequest({ userId: 1, summaryId: 's' }), /^target\.userId must be a string/);
  assertInvalid(() => introspectToken(TOKEN, { now: 10n }), /^options\.now must be a finite number/);
  assertInvalid(() => introspectToken(TOKEN, { now: '1' }), /^options\.now must be a finite number/);
  assertInvalid(() => preflightSummaryAccess({ token: TOKEN, now: 'x' }), /^input\.now must be a finite number/);
  assertInvalid(() => buildTokenRequest({ accountId: 'a', clientId: 'c', clientSecret: 42 }), /^params\.clientSecret must be a string/);
});

test('wrong types never quote the secret', () => {
  const secret = 'sek-ret-value-123';
  assert.throws(() => buildTokenRequest({ accountId: 1, clientId: 'c', clientSecret: secret }), (error) => !error.message.includes(secret));
});

test('oversized token input is invalid_argument', () => {
  const response = JSON.stringify({ access_token: TOKEN, scope: 'x '.repeat(500000) });
  for (const call of [
    () => introspectToken(response, { now: NOW }),
    () => buildSummaryRequest(TARGET, { token: response, now: NOW }),
    () => preflightSummaryAccess({ token: response, now: NOW }),
  ]) {
    const started = performance.now();
    assertInvalid(call, /bytes, over the limit of 65536.*a few KiB/);
    assert.ok(performance.now() - started < 100);
  }
});

test('non-ASCII token is invalid_argument', () => {
  assertInvalid(() => buildSummaryRequest(TARGET, { token: 'abc€def' }), /cannot go in an HTTP header/);
});

test('URL errors hide userinfo and query', () => {
  const password = 'Zx9yQw3rTt6uVv1wXx4yZz7aBb2cCd5e';
  assert.throws(() => buildSummaryRequest(TARGET, { apiUrl: `https://x:${password}@api.zoom.us` }), (error) => {
    assert.ok(!error.message.includes(password), error.message);
    assert.match(error.message, /https:\/\/\*\*\*@api\.zoom\.us/);
    return true;
  });
  assert.throws(() => buildSummaryRequest(TARGET, { apiUrl: `https://evil.example/?access_token=${TOKEN}` }), (error) => {
    assert.ok(!error.message.includes(TOKEN), error.message);
    return true;
  });
});

/** Returns headers whose only entry throws `error` when its value is read. */
function throwingHeaderPair(error) {
  return [Object.defineProperty(['x-zm-trackingid', ''], 1, { get() { throw error; } })];
}

test('header getter exception reaches the caller', () => {
  const error = new Error('header value getter');
  assert.throws(() => classifyFailure({ status: 400, headers: throwingHeaderPair(error), body: '' }), (thrown) => thrown === error);
});

test('rethrown exceptions free their table slots', () => {
  // initSync returns the instance's exports when the module is already initialised.
  const table = initSync({ module: new Uint8Array(0) }).__wbindgen_externrefs;
  const before = table.length;
  for (let call = 0; call < 5000; call++) {
    assert.throws(() => classifyFailure({ status: 400, headers: throwingHeaderPair(new Error('x')), body: '' }));
  }
  assert.ok(table.length <= before + 256, `the externref table grew from ${before} to ${table.length} slots`);
});

test('BigInt iterator done raises TypeError', () => {
  const headers = { [Symbol.iterator]: () => ({ next: () => ({ done: 1n, value: ['a', 'b'] }) }) };
  assert.throws(() => classifyFailure({ status: 400, headers, body: '' }), { name: 'TypeError', message: /Cannot convert a BigInt value to a number/ });
});
