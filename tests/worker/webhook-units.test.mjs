// Node tests of the webhook pipeline's plain modules: settings, the retry schedule, the dedupe key
// and the delivery id, and the emulator sink's own signature check.

import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';

import { dedupeKeyFor, deliveryIdFor } from '../../www/worker/delivery-id.mjs';
import {
  DEFAULT_RETRY_DELAYS_SECONDS,
  MAX_RETRY_DELAY_SECONDS,
  parseRetryDelays,
  readWebhookConfig,
  retryDelayFor,
} from '../../www/worker/webhook-config.mjs';
import { sinkSignatureValid } from '../emulator/sink.mjs';

const UUID_V8 = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('config lists both secret tokens', () => {
  const config = readWebhookConfig({ ZOOM_WEBHOOK_SECRET_TOKEN: ' old ', ZOOM_WEBHOOK_SECRET_TOKEN_NEXT: 'new' });
  assert.deepEqual(config.secretTokens, ['old', 'new']);
  assert.deepEqual(config.missingVerification, []);
});

test('config names missing settings', () => {
  const config = readWebhookConfig({});
  assert.deepEqual(config.missingVerification, ['ZOOM_WEBHOOK_SECRET_TOKEN']);
  assert.deepEqual(config.missingDelivery, ['SUMMARY_SINK_URL', 'SINK_SIGNING_SECRET']);
  assert.deepEqual(config.retryDelaysSeconds, [...DEFAULT_RETRY_DELAYS_SECONDS]);
  assert.equal(config.toleranceSeconds, 300);
});

test('config rejects non-http sink url', () => {
  const config = readWebhookConfig({ SUMMARY_SINK_URL: 'ftp://127.0.0.1/sink', SINK_SIGNING_SECRET: 's' });
  assert.equal(config.sinkUrl, null);
  assert.deepEqual(config.missingDelivery, []);
  assert.equal(config.invalidDelivery.length, 1);
  assert.match(config.invalidDelivery[0], /SUMMARY_SINK_URL/);
});

test('config falls back on bad numbers', () => {
  const config = readWebhookConfig({ WEBHOOK_TOLERANCE_SECONDS: '-5', SINK_TIMEOUT_MS: 'soon', DELIVERY_RETRY_DELAYS_SECONDS: '1,x' });
  assert.equal(config.toleranceSeconds, 300);
  assert.equal(config.sinkTimeoutMs, 10_000);
  assert.deepEqual(config.retryDelaysSeconds, [...DEFAULT_RETRY_DELAYS_SECONDS]);
  assert.equal(config.invalid.length, 3);
  assert.deepEqual(config.invalidDelivery, []);
});

test('retry delays parse and bound', () => {
  assert.deepEqual(parseRetryDelays('1, 2 ,3'), { delays: [1, 2, 3] });
  assert.deepEqual(parseRetryDelays('0'), { delays: [0] });
  for (const bad of ['', '1,,2', '-1', '1.5', String(MAX_RETRY_DELAY_SECONDS + 1), '1,2,3,4,5,6,7,8,9,10,11']) {
    assert.ok(parseRetryDelays(bad).error, `"${bad}" was accepted`);
  }
});

test('retry schedule runs out', () => {
  const delays = [30, 120];
  assert.equal(retryDelayFor(1, delays), 30);
  assert.equal(retryDelayFor(2, delays), 120);
  assert.equal(retryDelayFor(3, delays), null);
});

test('retry-after lengthens the wait', () => {
  assert.equal(retryDelayFor(1, [30], 90), 90);
  assert.equal(retryDelayFor(1, [30], 10), 30);
  assert.equal(retryDelayFor(1, [30], 10 * 86400), MAX_RETRY_DELAY_SECONDS);
});

test('dedupe key prefers modified_time', () => {
  const base = { accountId: 'acc', summaryId: 'sum', eventTs: 1764590395000 };
  assert.equal(dedupeKeyFor({ ...base, modifiedTime: '2025-12-01T11:52:04Z' }), 'acc/sum/modified:2025-12-01T11:52:04Z');
  assert.equal(dedupeKeyFor({ ...base, modifiedTime: null }), 'acc/sum/event_ts:1764590395000');
  assert.equal(dedupeKeyFor({ ...base, accountId: null, modifiedTime: null, eventTs: null }), '/sum/event_ts:none');
});

test('delivery id is a stable uuid v8', async () => {
  const first = await deliveryIdFor('acc/sum/modified:2025-12-01T11:52:04Z');
  const again = await deliveryIdFor('acc/sum/modified:2025-12-01T11:52:04Z');
  const other = await deliveryIdFor('acc/sum/modified:2025-12-01T11:52:05Z');
  assert.match(first, UUID_V8);
  assert.equal(again, first);
  assert.notEqual(other, first);
});

test('sink check accepts the documented scheme', () => {
  const body = Buffer.from('{"summary":{"call_summary":"Zoë"}}');
  const now = 1764590400;
  const hex = createHmac('sha256', 'sink-secret').update(`${now}.`).update(body).digest('hex');
  assert.equal(sinkSignatureValid(`t=${now},v1=${hex}`, body, 'sink-secret', now), true);
  assert.equal(sinkSignatureValid(`t=${now},v1=00,v1=${hex}`, body, 'sink-secret', now), true);
  assert.equal(sinkSignatureValid(`t=${now},v1=${hex}`, body, 'other-secret', now), false);
  assert.equal(sinkSignatureValid(`t=${now},v1=${hex}`, Buffer.from('{}'), 'sink-secret', now), false);
  assert.equal(sinkSignatureValid(`t=${now},v1=${hex}`, body, 'sink-secret', now + 301), false);
  assert.equal(sinkSignatureValid(undefined, body, 'sink-secret', now), false);
});

test('unparseable sink url is not echoed', () => {
  const config = readWebhookConfig({ SUMMARY_SINK_URL: 'sink with s3cr3t-credential', SINK_SIGNING_SECRET: 's' });

  assert.equal(config.invalidDelivery.length, 1);
  assert.match(config.invalidDelivery[0], /SUMMARY_SINK_URL must be an absolute http or https URL/);
  assert.ok(!config.invalidDelivery[0].includes('s3cr3t'), config.invalidDelivery[0]);
});
