// Zoom's side of webhooks, for tests, the bench and the demo: builds events signed the way Zoom
// signs them (HMAC-SHA256 with the Secret Token over `v0:{timestamp}:{raw body}`, sent as
// `x-zm-signature: v0=<hex>` with `x-zm-request-timestamp`) and posts them to the worker.
//
// Run: node tests/emulator/sender.mjs --url http://127.0.0.1:8787/v1/webhooks/zoom --kind genuine
//        [--secret demo-webhook-secret] [--summary-id demo-summary] [--user-id demo-user] [--repeat 3]
// Kinds: see EVENT_KINDS. The CLI only sends to loopback addresses.

import { createHmac } from 'node:crypto';
import { pathToFileURL } from 'node:url';

import { DEMO_SUMMARY_ID, DEMO_USER_ID } from './data.mjs';

/** The Secret Token of the demo app. */
export const DEMO_WEBHOOK_SECRET = 'demo-webhook-secret';

/** Seconds a `stale` event's timestamp lies in the past: twice the worker's default tolerance. */
export const STALE_BY_SECONDS = 600;

/** Returns the `x-zm-signature` value Zoom would send for `rawBody` at `timestamp`. */
export function zoomSignature(rawBody, timestamp, secret) {
  const digest = createHmac('sha256', secret).update(`v0:${timestamp}:`).update(rawBody).digest('hex');
  return `v0=${digest}`;
}

/** Returns the headers of a delivery signed with `secret` at `timestamp` (epoch seconds). */
export function signedHeaders(rawBody, { secret = DEMO_WEBHOOK_SECRET, timestamp = Math.floor(Date.now() / 1000) } = {}) {
  return {
    'content-type': 'application/json; charset=utf-8',
    'x-zm-request-timestamp': String(timestamp),
    'x-zm-signature': zoomSignature(rawBody, timestamp, secret),
  };
}

/**
 * Returns the body of a `phone.ai_call_summary_changed` event, in the field order of Zoom's
 * example payload. `extra` adds fields to `payload.object`.
 */
export function summaryEventBody({
  summaryId = DEMO_SUMMARY_ID,
  userId = DEMO_USER_ID,
  accountId = 'demo-account',
  callId = '7018317023722949162',
  modifiedTime = '2025-11-28T15:04:12Z',
  eventTs = 1764342252000,
  deleted = false,
  extra = {},
} = {}) {
  const object = {
    edited: false,
    deleted,
    ai_call_summary_id: summaryId,
    user_id: userId,
    call_id: callId,
    call_log_ids: ['6afdf3e3-87e3-47d0-834c-6ee3598e3b96'],
    created_time: '2025-11-28T15:04:12Z',
    ...(modifiedTime === null ? {} : { modified_time: modifiedTime }),
    ...extra,
  };
  return JSON.stringify({ event: 'phone.ai_call_summary_changed', event_ts: eventTs, payload: { account_id: accountId, object } });
}

/** Returns the body of an `endpoint.url_validation` challenge. */
export function challengeBody(plainToken = 'qgg8vlvZRS6UYooatFL8Aw') {
  return JSON.stringify({ payload: { plainToken }, event_ts: Date.now(), event: 'endpoint.url_validation' });
}

// Names with characters outside ASCII, sent as raw UTF-8 bytes.
const NON_ASCII_NAMES = { caller_name: 'Zoë Ångström', callee_name: '山田 太郎', note: 'Café – naïve' };

// The same names written with JSON escapes (`\uXXXX`, `\/`): a re-serialised body would differ.
const ESCAPED_BODY_FIELDS = ',"caller_name":"Zo\\u00eb \\u00c5ngstr\\u00f6m","link":"https:\\/\\/example.test\\/calls"';

function escapedSummaryBody(options) {
  const body = summaryEventBody(options);
  // Insert before the two closing braces of `object` and `payload`, keeping every other byte.
  return `${body.slice(0, -3)}${ESCAPED_BODY_FIELDS}}}}`;
}

/**
 * Every kind of delivery the sender can build. Each returns `{ body, headers }` for `options`
 * (`secret`, `summaryId`, `userId`, `modifiedTime`, `eventTs`, `now`, `plainToken`).
 */
export const EVENT_KINDS = {
  genuine: (options) => signed(summaryEventBody(options), options),
  deleted: (options) => signed(summaryEventBody({ ...options, deleted: true }), options),
  non_ascii: (options) => signed(summaryEventBody({ ...options, extra: NON_ASCII_NAMES }), options),
  escaped: (options) => signed(escapedSummaryBody(options), options),
  other_event: (options) => signed(JSON.stringify({ event: 'phone.callee_ended', event_ts: Date.now(), payload: { account_id: 'demo-account', object: { call_id: '1' } } }), options),
  // Signed, then one byte of the body changed, as a proxy rewriting the body would.
  tampered: (options) => {
    const delivery = signed(summaryEventBody(options), options);
    return { ...delivery, body: delivery.body.replace('"edited":false', '"edited":true ') };
  },
  stale: (options) => signed(summaryEventBody(options), { ...options, timestamp: nowSeconds(options) - STALE_BY_SECONDS }),
  unsigned: (options) => ({ body: summaryEventBody(options), headers: { 'content-type': 'application/json' } }),
  wrong_secret: (options) => signed(summaryEventBody(options), { ...options, secret: 'another-apps-secret-token' }),
  url_validation: (options) => signed(challengeBody(options.plainToken), options),
  unsigned_challenge: (options) => ({ body: challengeBody(options.plainToken), headers: { 'content-type': 'application/json' } }),
  // A "challenge" whose plainToken is a forged signing input: a response to it would sign a forged event.
  hostile_challenge: (options) => {
    const forged = summaryEventBody({ ...options, summaryId: 'forged-summary' });
    return signed(challengeBody(`v0:${nowSeconds(options)}:${forged}`), options);
  },
};

function nowSeconds(options) {
  return options.now ?? Math.floor(Date.now() / 1000);
}

function signed(body, options) {
  const timestamp = options.timestamp ?? nowSeconds(options);
  return { body, headers: signedHeaders(body, { secret: options.secret ?? DEMO_WEBHOOK_SECRET, timestamp }) };
}

/** Builds one delivery of `kind`. Throws for an unknown kind. */
export function buildEvent(kind, options = {}) {
  const build = EVENT_KINDS[kind];
  if (!build) {
    throw new Error(`unknown event kind "${kind}"; use one of ${Object.keys(EVENT_KINDS).join(', ')}`);
  }
  return build(options);
}

/**
 * Posts an event of `kind` to `url` `repeat` times, with the same bytes and headers each time, as a
 * replay within the tolerance window. Resolves to the list of `{ status, body }`.
 */
export async function sendEvent(url, kind, { repeat = 1, ...options } = {}) {
  const delivery = buildEvent(kind, options);
  const results = [];
  for (let index = 0; index < repeat; index += 1) {
    const response = await fetch(url, { method: 'POST', headers: delivery.headers, body: delivery.body });
    results.push({ status: response.status, body: await response.text() });
  }
  return results;
}

function option(argv, name, fallback) {
  const index = argv.indexOf(name);
  return index >= 0 ? argv[index + 1] : fallback;
}

function isLoopback(url) {
  return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);
}

async function main(argv) {
  const url = option(argv, '--url', 'http://127.0.0.1:8787/v1/webhooks/zoom');
  if (!isLoopback(url)) {
    throw new Error(`--url must point at a loopback address (127.0.0.1, localhost or [::1]), got ${url}`);
  }

  const kind = option(argv, '--kind', 'genuine');
  const options = {
    secret: option(argv, '--secret', DEMO_WEBHOOK_SECRET),
    summaryId: option(argv, '--summary-id', DEMO_SUMMARY_ID),
    userId: option(argv, '--user-id', DEMO_USER_ID),
    repeat: Number(option(argv, '--repeat', '1')),
  };
  for (const result of await sendEvent(url, kind, options)) {
    console.log(`${result.status} ${result.body}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv).catch((error) => {
    console.error(`sender: ${error.message}`);
    process.exit(1);
  });
}
