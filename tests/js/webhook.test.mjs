// verifyWebhook, answerUrlValidation, signSinkDelivery and verifySinkSignature through the
// installed package: every case in tests/cases/webhooks.json, each accepted argument shape, the
// errors a JavaScript caller can catch, and the rule that no output repeats a secret.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import test from 'node:test';

import { answerUrlValidation, signSinkDelivery, verifySinkSignature, verifyWebhook } from 'zoom-summary-doctor';

const NOW = 1764590400; // every case is judged at 2025-12-01T12:00:00Z
const cases = JSON.parse(readFileSync(new URL('../cases/webhooks.json', import.meta.url), 'utf8'));
const genuine = cases.find((entry) => entry.id === 'webhook-summary-event');
const SECRET = genuine.secretToken;

/** Computes Zoom's signature with Node's own crypto, independently of the package. */
function zoomSignature(secret, timestamp, body) {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:`).update(body).digest('hex')}`;
}

function signedDelivery(body, timestamp = NOW - 5, secret = SECRET) {
  return {
    'x-zm-signature': zoomSignature(secret, String(timestamp), body),
    'x-zm-request-timestamp': String(timestamp),
  };
}

function assertInvalidArgument(call, description) {
  assert.throws(call, (error) => {
    assert.ok(error instanceof Error, `${description}: thrown value is not an Error`);
    assert.equal(error.code, 'invalid_argument', `${description}: code`);
    assert.ok(error.message.length > 0, `${description}: message is empty`);
    return true;
  }, description);
}

test('recorded webhook cases hold', () => {
  for (const entry of cases) {
    const verdict = verifyWebhook({ headers: entry.headers, rawBody: entry.rawBody, secretToken: entry.secretToken, now: entry.now });
    assert.equal(verdict.valid, entry.expect.valid, `${entry.id}: ${verdict.diagnostics.message}`);
    if ('reason' in entry.expect) assert.equal(verdict.reason, entry.expect.reason, entry.id);
    if ('event' in entry.expect) assert.equal(verdict.event, entry.expect.event, entry.id);
    const secrets = [entry.secretToken].flat();
    if ('answer' in entry.expect) {
      const secret = secrets[verdict.diagnostics.matchedSecretIndex ?? 0];
      assert.deepEqual(answerUrlValidation(entry.rawBody, secret), entry.expect.answer, entry.id);
    }

    const timestamp = String(entry.headers['x-zm-request-timestamp'] ?? '');
    const json = JSON.stringify(verdict);
    for (const secret of secrets) {
      const expected = zoomSignature(secret, timestamp, entry.rawBody).slice(3);
      assert.ok(!json.includes(secret), `${entry.id}: verdict repeats the secret`);
      assert.ok(!json.includes(expected), `${entry.id}: verdict repeats the expected signature`);
    }
  }
});

test('verifyWebhook accepts every header shape', () => {
  const body = genuine.rawBody;
  const headers = signedDelivery(body);
  const upperCase = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toUpperCase(), value]));
  const nodeStyle = { ...headers, 'x-zm-request-timestamp': Number(headers['x-zm-request-timestamp']), 'x-unused': undefined };
  const shapes = {
    'plain object': headers,
    'upper-case names': upperCase,
    'Headers object': new Headers(headers),
    'Map': new Map(Object.entries(headers)),
    'list of pairs': Object.entries(headers),
    'Node-style values': nodeStyle,
    'value arrays': { 'x-zm-signature': [headers['x-zm-signature']], 'x-zm-request-timestamp': headers['x-zm-request-timestamp'] },
  };
  for (const [shape, value] of Object.entries(shapes)) {
    const verdict = verifyWebhook({ headers: value, rawBody: body, secretToken: SECRET, now: NOW });
    assert.equal(verdict.valid, true, `${shape}: ${verdict.diagnostics.message}`);
  }
});

test('verifyWebhook accepts every body shape', () => {
  const body = cases.find((entry) => entry.id === 'webhook-non-ascii');
  const bytes = new TextEncoder().encode(body.rawBody);
  const padded = new Uint8Array(bytes.length + 8);
  padded.set(bytes, 4);
  const shapes = {
    string: body.rawBody,
    Uint8Array: bytes,
    ArrayBuffer: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    Buffer: Buffer.from(body.rawBody, 'utf8'),
    'DataView with offset': new DataView(padded.buffer, 4, bytes.length),
    'Uint8Array with offset': padded.subarray(4, 4 + bytes.length),
  };
  for (const [shape, rawBody] of Object.entries(shapes)) {
    const verdict = verifyWebhook({ headers: body.headers, rawBody, secretToken: body.secretToken, now: NOW });
    assert.equal(verdict.valid, true, `${shape}: ${verdict.diagnostics.message}`);
    assert.equal(verdict.diagnostics.bodyBytes, bytes.length, shape);
  }
});

test('verifyWebhook reports the rotated secret that matched', () => {
  const headers = signedDelivery(genuine.rawBody);
  const verdict = verifyWebhook({ headers, rawBody: genuine.rawBody, secretToken: ['old-secret-token-00000', SECRET], now: NOW });
  assert.equal(verdict.valid, true);
  assert.equal(verdict.diagnostics.matchedSecretIndex, 1);
  assert.equal(verdict.diagnostics.secrets.length, 2);
  assert.match(verdict.diagnostics.secrets[1].fingerprint, /^[0-9a-f]{12}$/);
});

test('verifyWebhook treats null options as absent', () => {
  const timestamp = Math.floor(Date.now() / 1000);
  const headers = signedDelivery(genuine.rawBody, timestamp);
  const verdict = verifyWebhook({ headers, rawBody: genuine.rawBody, secretToken: SECRET, now: null, toleranceSeconds: null });
  assert.equal(verdict.valid, true, verdict.diagnostics.message);
  assert.equal(verdict.diagnostics.toleranceSeconds, 300);
});

test('verifyWebhook applies toleranceSeconds', () => {
  const headers = signedDelivery(genuine.rawBody, NOW - 600);
  const stale = verifyWebhook({ headers, rawBody: genuine.rawBody, secretToken: SECRET, now: NOW });
  assert.equal(stale.reason, 'stale_timestamp');
  assert.equal(stale.diagnostics.skewSeconds, -600);

  const widened = verifyWebhook({ headers, rawBody: genuine.rawBody, secretToken: SECRET, now: NOW, toleranceSeconds: 900 });
  assert.equal(widened.valid, true);
});

test('verifyWebhook explains a re-serialised body', () => {
  const headers = signedDelivery(genuine.rawBody);
  const pretty = genuine.rawBody.replaceAll('","', '", "').replaceAll('":', '": ');
  const verdict = verifyWebhook({ headers, rawBody: pretty, secretToken: SECRET, now: NOW });
  assert.equal(verdict.reason, 'signature_mismatch');
  assert.equal(verdict.diagnostics.evidence[0].code, 'body_reserialised');
  assert.equal(verdict.diagnostics.likelyCauses[0].code, 'body_changed');
  assert.equal(verdict.payload, null);
  assert.equal(verdict.event, null);
});

test('verifyWebhook rejects bad arguments', () => {
  const good = { headers: genuine.headers, rawBody: genuine.rawBody, secretToken: SECRET, now: NOW };
  const bad = {
    'no options': undefined,
    'options as string': 'options',
    'headers missing': { ...good, headers: undefined },
    'headers as string': { ...good, headers: 'x-zm-signature: v0=00' },
    'header value as object': { ...good, headers: { 'x-zm-signature': { value: 'v0=00' } } },
    'pair without name': { ...good, headers: [[1, 'v0=00']] },
    'rawBody missing': { ...good, rawBody: undefined },
    'rawBody as number': { ...good, rawBody: 42 },
    'rawBody as object': { ...good, rawBody: { event: 'x' } },
    'secretToken missing': { ...good, secretToken: undefined },
    'secretToken empty': { ...good, secretToken: '' },
    'secretToken empty list': { ...good, secretToken: [] },
    'secretToken three entries': { ...good, secretToken: ['a', 'b', 'c'] },
    'secretToken list with number': { ...good, secretToken: [SECRET, 7] },
    'now as string': { ...good, now: '1764590400' },
    'now as NaN': { ...good, now: Number.NaN },
    'toleranceSeconds negative': { ...good, toleranceSeconds: -1 },
    'toleranceSeconds infinite': { ...good, toleranceSeconds: Number.POSITIVE_INFINITY },
  };
  for (const [description, options] of Object.entries(bad)) {
    assertInvalidArgument(() => verifyWebhook(options), description);
  }
});

test('error messages never repeat the secret', () => {
  try {
    verifyWebhook({ headers: genuine.headers, rawBody: genuine.rawBody, secretToken: [SECRET, 7], now: NOW });
    assert.fail('expected an error');
  } catch (error) {
    assert.ok(!error.message.includes(SECRET));
  }
});

test('answerUrlValidation rejects hostile plain tokens', () => {
  const forged = `v0:${NOW}:${genuine.rawBody}`;
  const body = JSON.stringify({ event: 'endpoint.url_validation', payload: { plainToken: forged } });
  assertInvalidArgument(() => answerUrlValidation(body, SECRET), 'forged event text');
  assertInvalidArgument(() => answerUrlValidation(genuine.rawBody, SECRET), 'not a challenge');
  assertInvalidArgument(() => answerUrlValidation('{"event":"endpoint.url_validation","payload":{"plainToken":"abc"}}', ''), 'empty secret');
  assertInvalidArgument(() => answerUrlValidation('{"event":"endpoint.url_validation","payload":{"plainToken":"abc"}}', [SECRET]), 'secret list');
  assertInvalidArgument(() => answerUrlValidation(null, SECRET), 'body null');
});

test('answerUrlValidation accepts bytes', () => {
  const challenge = cases.find((entry) => entry.id === 'webhook-url-validation');
  const answer = answerUrlValidation(new TextEncoder().encode(challenge.rawBody), challenge.secretToken);
  assert.deepEqual(answer, challenge.expect.answer);
});

test('signSinkDelivery follows the documented scheme', () => {
  const body = '{"summary":"Call recap","callId":"9989380906975975379"}';
  const header = signSinkDelivery({ secret: 'sink-secret', timestamp: NOW, body });
  const expected = createHmac('sha256', 'sink-secret').update(`${NOW}.${body}`).digest('hex');
  assert.equal(header, `t=${NOW},v1=${expected}`);

  const now = Math.floor(Date.now() / 1000);
  const current = signSinkDelivery({ secret: 'sink-secret', timestamp: null, body });
  assert.ok(Math.abs(Number(current.match(/^t=(\d+),/)[1]) - now) <= 5);
});

test('verifySinkSignature checks signature and time', () => {
  const body = new TextEncoder().encode('{"summary":"Résumé"}');
  const signature = signSinkDelivery({ secret: 'new-sink-secret', timestamp: NOW - 10, body });

  const fromHeaders = verifySinkSignature({ headers: { 'X-ZSD-Signature': signature }, body, secret: ['old-sink-secret', 'new-sink-secret'], now: NOW });
  assert.equal(fromHeaders.valid, true, fromHeaders.message);
  assert.equal(fromHeaders.matchedSecretIndex, 1);

  const tampered = verifySinkSignature({ signature, body: '{"summary":"Resume"}', secret: 'new-sink-secret', now: NOW });
  assert.equal(tampered.reason, 'signature_mismatch');

  const stale = verifySinkSignature({ signature, body, secret: 'new-sink-secret', now: NOW + 400 });
  assert.equal(stale.reason, 'stale_timestamp');

  const unsigned = verifySinkSignature({ headers: new Headers(), body, secret: 'new-sink-secret', now: NOW });
  assert.equal(unsigned.reason, 'missing_signature');
  assert.ok(!JSON.stringify([fromHeaders, tampered, stale, unsigned]).includes('new-sink-secret'));
});

test('sink functions reject bad arguments', () => {
  const body = '{}';
  assertInvalidArgument(() => signSinkDelivery({ secret: '', body }), 'empty secret');
  assertInvalidArgument(() => signSinkDelivery({ secret: 's', body: 5 }), 'body number');
  assertInvalidArgument(() => signSinkDelivery({ secret: 's', body, timestamp: 'now' }), 'timestamp string');
  assertInvalidArgument(() => verifySinkSignature({ body, secret: 's' }), 'no signature or headers');
  assertInvalidArgument(() => verifySinkSignature({ signature: 5, body, secret: 's' }), 'signature number');
  assertInvalidArgument(() => verifySinkSignature({ signature: 't=1,v1=00', body, secret: [] }), 'no secrets');
});
