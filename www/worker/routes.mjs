// The authenticated routes: summaries, diagnose and explain.

import { classifyFailure, fetchSummary, introspectToken, preflightSummaryAccess } from 'zoom-summary-doctor';

import { brokerFor } from './broker.mjs';
import { json, problemResponse, readBodyLimited, workerProblem } from './http.mjs';
import { checkTarget, readId } from './ids.mjs';
import { logError, logWarning, scrubTrackingId } from './log.mjs';
import { retryAfterFor } from './retry-after.mjs';

/** Largest body POST /v1/explain accepts, in bytes. */
export const MAX_EXPLAIN_BYTES = 64 * 1024;

/**
 * Largest summary response the worker returns, in bytes. Zoom's summaries are a few KiB; the
 * library stops reading Zoom's body at 4 MiB, and this bound leaves room for `meta` on top.
 */
export const MAX_SUMMARY_RESPONSE_BYTES = 5 * 1024 * 1024;

function configurationMissing(origin, config) {
  const missing = config.missingZoom;
  const detail =
    `The worker is missing ${missing.join(', ')}. Set each with "wrangler secret put NAME" ` +
    '(or in .dev.vars for wrangler dev), using the Server-to-Server OAuth app\'s credentials.';
  return problemResponse(workerProblem(origin, 'configuration_missing', 500, 'Configuration missing', detail, { missing }), 500);
}

function configurationInvalid(origin, config) {
  const detail = `${config.invalid.join('; ')}.`;
  return problemResponse(workerProblem(origin, 'configuration_invalid', 500, 'Configuration invalid', detail, { invalid: config.invalid }), 500);
}

// Returns the problem for a configuration error, or null when the worker can call Zoom.
function checkConfig(origin, config) {
  if (config.missingZoom.length > 0) {
    return configurationMissing(origin, config);
  }
  if (config.invalid.length > 0) {
    return configurationInvalid(origin, config);
  }
  return null;
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// The limiter queues briefly; past RATE_LIMIT_MAX_QUEUE_MS the caller gets a 429 instead of waiting.
// NOTE: with the limiter on, every call to Zoom costs one `reserve` round trip to the account's
// Durable Object. Leases would save most of them: the object grants an isolate a few slots that
// expire within one window, so the rate summed over isolates still holds.
function acquireFor(broker, config, origin) {
  return async () => {
    const slot = await broker.reserve({ ratePerSecond: config.ratePerSecond, maxQueueMs: config.maxQueueMs });
    if (slot.granted) {
      if (slot.waitMs > 0) {
        await sleep(slot.waitMs);
      }
      return;
    }

    const retryAfter = Math.max(1, Math.ceil(slot.retryAfterMs / 1000));
    const detail =
      `The worker keeps calls under ${config.ratePerSecond} per second for this Zoom account and its queue is full. ` +
      `Retry after ${retryAfter} s, or spread the calls out.`;
    const error = new Error('rate limiter queue is full');
    Object.assign(error, { status: 429, retryAfter, problem: workerProblem(origin, 'rate_limited', 429, 'Too many requests', detail, { retryable: true }) });
    throw error;
  };
}

/**
 * Returns the `fetchSummary` options: the account's token broker, rate limiter and deadline. With
 * the limiter off (RATE_LIMIT_PER_SECOND=off) there is no `acquire`, so a call reserves nothing.
 */
export function summaryOptions(config, broker, origin) {
  const options = { apiHost: config.apiHost, getToken: broker.getToken, deadlineMs: config.deadlineMs };
  if (config.ratePerSecond !== null) {
    options.acquire = acquireFor(broker, config, origin);
  }
  return options;
}

function invalidId(origin, error) {
  return problemResponse(workerProblem(origin, 'invalid_id', 400, 'Invalid id', error), 400);
}

// The setting behind each option that the library names in an error's `option` property.
const OPTION_SETTINGS = { apiHost: 'ZOOM_API_HOST', oauthHost: 'ZOOM_OAUTH_HOST' };

/**
 * Turns an `invalid_argument` error from `fetchSummary` into a problem document: a bad setting is
 * 500 configuration_invalid naming the setting, and a bad target id is 400 invalid_id with the
 * library's message. Any other error is thrown again.
 */
function summaryCallProblem(origin, error) {
  if (error?.code !== 'invalid_argument') {
    throw error;
  }

  const setting = Object.hasOwn(OPTION_SETTINGS, error.option ?? '') ? OPTION_SETTINGS[error.option] : null;
  if (setting) {
    // The library's message quotes the setting's value, which may carry a password in its userinfo.
    const invalid = [`${setting} is not allowed: it must name a Zoom host over https, or 127.0.0.1, localhost or [::1] over http`];
    logWarning('fetchSummary rejected a setting', { setting, error: error.message.replace(/"(?:[^"\\]|\\.)*"/g, '"…"') });
    return workerProblem(origin, 'configuration_invalid', 500, 'Configuration invalid', `${invalid[0]}.`, { invalid });
  }
  if (/^target\./.test(error.message ?? '')) {
    return workerProblem(origin, 'invalid_id', 400, 'Invalid id', error.message);
  }
  throw error;
}

// Resolves to `{ outcome }`, or to `{ problem }` when the library rejected the call's arguments.
async function callFetchSummary(target, options, origin) {
  try {
    return { outcome: await fetchSummary(target, options) };
  } catch (error) {
    return { problem: summaryCallProblem(origin, error) };
  }
}

// Decodes the ids with the route's own rules only; checkTarget applies the library's.
function readTargetIds(params, url) {
  const user = readId(params[0], 'userId');
  if (user.error) {
    return { error: user.error };
  }
  const summary = readId(params[1], 'summaryId');
  if (summary.error) {
    return { error: summary.error };
  }

  const target = { userId: user.value, summaryId: summary.value };
  const subAccount = url.searchParams.get('subAccountId');
  if (subAccount !== null) {
    const account = readId(subAccount, 'subAccountId');
    if (account.error) {
      return { error: account.error };
    }
    target.subAccountId = account.value;
  }
  return { target };
}

function readTarget(params, url) {
  const read = readTargetIds(params, url);
  return read.error ? read : checkTarget(read.target);
}

function recordOutcome(log, outcome) {
  log.kind = outcome.ok ? 'ok' : (outcome.problem?.kind ?? 'unknown');
  log.trackingId = scrubTrackingId(outcome.meta?.trackingId);
  log.attempts = outcome.meta?.attempts ?? 0;
  log.tokenCached = outcome.meta?.tokenCached ?? null;
}

// Problem types may be origin-relative ("/problems/<kind>"); callers get an absolute URL.
function absoluteType(type, origin) {
  return typeof type === 'string' && type.startsWith('/') ? `${origin}${type}` : type;
}

function summaryTooLarge(origin, bytes) {
  const detail =
    `The summary response would be ${bytes} bytes, over the worker's limit of ${MAX_SUMMARY_RESPONSE_BYTES}. ` +
    "Zoom's summaries are a few KiB; check that ZOOM_API_HOST names Zoom's API.";
  return problemResponse(workerProblem(origin, 'upstream_response_too_large', 502, "Zoom's response was too large", detail), 502);
}

function summaryResponse(outcome, meta, origin) {
  const body = new TextEncoder().encode(JSON.stringify({ ...outcome.summary, meta }));
  if (body.byteLength > MAX_SUMMARY_RESPONSE_BYTES) {
    return summaryTooLarge(origin, body.byteLength);
  }
  return new Response(body, { headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } });
}

function outcomeResponse(outcome, origin) {
  const meta = outcome.meta ? { ...outcome.meta, trackingId: scrubTrackingId(outcome.meta.trackingId) } : outcome.meta;
  if (outcome.ok) {
    return summaryResponse(outcome, meta, origin);
  }

  const retryAfter = retryAfterFor(outcome.status, outcome.retryAfter);
  const headers = retryAfter === null ? {} : { 'retry-after': String(retryAfter) };
  // RFC 9457's `status` is the status this response carries; Zoom's own stays in `zoom.status`.
  const problem = { ...outcome.problem, type: absoluteType(outcome.problem?.type, origin), status: outcome.status, meta };
  return problemResponse(problem, outcome.status, headers);
}

/** GET /v1/summaries/{userId}/{summaryId}[?subAccountId=] */
export async function handleSummary({ env, config, url, params, log }) {
  const { origin } = url;
  const configProblem = checkConfig(origin, config);
  // fetchSummary applies the same id rules as checkTarget, with the same messages, before it requests
  // for a token, so the extra check runs only when a bad id must win over a configuration problem.
  const read = configProblem ? readTarget(params, url) : readTargetIds(params, url);
  if (read.error) {
    log.kind = 'invalid_id';
    return invalidId(origin, read.error);
  }
  if (configProblem) {
    log.kind = config.missingZoom.length > 0 ? 'configuration_missing' : 'configuration_invalid';
    return configProblem;
  }

  const broker = brokerFor(env, config);
  const call = await callFetchSummary(read.target, summaryOptions(config, broker, origin), origin);
  if (call.problem) {
    log.kind = call.problem.kind;
    return problemResponse(call.problem, call.problem.status);
  }
  recordOutcome(log, call.outcome);
  return outcomeResponse(call.outcome, origin);
}

function withoutToken(tokenResponse) {
  const { access_token: _removed, ...rest } = tokenResponse;
  return rest;
}

// Each report comes from a different export; one failing must not hide the others.
function safely(what, run) {
  try {
    return run();
  } catch (error) {
    logError(`${what} failed`, error);
    return { error: { code: error?.code ?? 'internal_error', message: error?.message ?? String(error) } };
  }
}

async function probe(config, broker, origin, url, log) {
  const read = readTarget([encodeURIComponent(url.searchParams.get('userId') ?? ''), encodeURIComponent(url.searchParams.get('summaryId') ?? '')], url);
  if (read.error) {
    return { error: read.error };
  }

  const call = await callFetchSummary(read.target, summaryOptions(config, broker, origin), origin);
  if (call.problem) {
    return { ok: false, status: call.problem.status, problem: call.problem };
  }
  const { outcome } = call;
  recordOutcome(log, outcome);
  // The probe reports whether the call works; the summary text itself is left out.
  const meta = outcome.meta ? { ...outcome.meta, trackingId: scrubTrackingId(outcome.meta.trackingId) } : outcome.meta;
  return { ok: outcome.ok, status: outcome.status, problem: outcome.problem ?? null, meta };
}

/** GET /v1/diagnose[?userId=&summaryId=] */
export async function handleDiagnose({ env, config, url, log }) {
  const { origin } = url;
  const configProblem = checkConfig(origin, config);
  if (configProblem) {
    return configProblem;
  }

  const broker = brokerFor(env, config);
  const token = await broker.getToken({});
  if (!token.ok) {
    log.kind = token.problem?.kind ?? 'token_unavailable';
    return problemResponse(token.problem, token.status);
  }

  const tokenText = JSON.stringify(token.tokenResponse);
  const now = Math.floor(Date.now() / 1000);
  const hasTarget = url.searchParams.has('userId') || url.searchParams.has('summaryId');
  const target = hasTarget ? { userId: url.searchParams.get('userId') ?? '', summaryId: url.searchParams.get('summaryId') ?? '' } : null;

  const report = {
    tokenResponse: withoutToken(token.tokenResponse),
    expiresAt: token.expiresAt,
    tokenCached: token.cached,
    introspection: safely('introspectToken', () => introspectToken(tokenText, { now })),
    preflight: safely('preflightSummaryAccess', () => preflightSummaryAccess({ token: tokenText, target, now })),
  };
  if (hasTarget) {
    report.probe = await probe(config, broker, origin, url, log);
  }
  log.kind = 'ok';
  return json(report);
}

function invalidBody(origin, detail) {
  return problemResponse(workerProblem(origin, 'invalid_body', 400, 'Invalid request body', detail), 400);
}

function validateExplainInput(input) {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return 'Send a JSON object: { "status": 404, "headers": { "x-zm-trackingid": "..." }, "body": "<Zoom response body>" }.';
  }
  if (!Number.isInteger(input.status) || input.status < 0 || input.status > 599) {
    return 'status must be the HTTP status Zoom returned, an integer from 0 to 599 (0 when no response arrived).';
  }
  return null;
}

/** POST /v1/explain with `{ status, headers, body, request? }` */
export async function handleExplain({ request, url, log }) {
  const { origin } = url;
  const read = await readBodyLimited(request, MAX_EXPLAIN_BYTES);
  if (read.tooLarge) {
    const detail = `The body is larger than ${MAX_EXPLAIN_BYTES} bytes; send only the status, the headers and Zoom's response body.`;
    return problemResponse(workerProblem(origin, 'body_too_large', 413, 'Request body too large', detail), 413);
  }

  let input;
  try {
    input = JSON.parse(read.text);
  } catch {
    return invalidBody(origin, 'The body is not valid JSON. Send { "status", "headers", "body" } with content-type application/json.');
  }
  const invalid = validateExplainInput(input);
  if (invalid) {
    return invalidBody(origin, invalid);
  }

  const response = { status: input.status, headers: input.headers ?? {}, body: typeof input.body === 'string' ? input.body : JSON.stringify(input.body ?? '') };
  const context = { request: input.request ?? null, now: Math.floor(Date.now() / 1000) };
  try {
    const diagnosis = classifyFailure(response, context);
    log.kind = diagnosis.kind;
    return json(diagnosis);
  } catch (error) {
    if (error?.code === 'invalid_argument') {
      return invalidBody(origin, error.message);
    }
    throw error;
  }
}
