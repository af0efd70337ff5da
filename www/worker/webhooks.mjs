// The webhook pipeline's routes and its queue consumer.
//
//   POST /v1/webhooks/zoom                          Zoom's events (verified; no API key)
//   GET  /v1/deliveries/failed[?limit=]             failed deliveries (API key required)
//   POST /v1/deliveries/failed/{deliveryId}/retry   queues a failed delivery again (API key required)
//
// A verified `phone.ai_call_summary_changed` event is put on DELIVERY_QUEUE and acknowledged; the
// consumer below claims, fetches and delivers it. Zoom retries an event that is not acknowledged
// within 3 seconds, so nothing slow happens before the acknowledgement.

import { answerUrlValidation, verifyWebhook } from 'zoom-summary-doctor';

import { SUMMARY_EVENT, deadLetterDiagnosis, logDelivery, processDeliveryMessage, summaryJobFrom } from './delivery.mjs';
import { json, problemResponse, workerProblem } from './http.mjs';
import { ledgerFor } from './ledger.mjs';
import { logError, logWarning } from './log.mjs';
import { readWebhookConfig } from './webhook-config.mjs';

/** Event name of Zoom's endpoint URL validation challenge. */
export const URL_VALIDATION_EVENT = 'endpoint.url_validation';

/**
 * Largest webhook body accepted, in bytes. The summary and challenge events in Zoom's documentation
 * are under 1 KiB, so the cap leaves ample room for fields Zoom may add.
 */
export const MAX_WEBHOOK_BYTES = 256 * 1024;

/** Name of the dead-letter queue in wrangler.toml; its messages are recorded as failed. */
export const DEAD_LETTER_QUEUE = 'zsd-summary-deliveries-dlq';

const DELIVERY_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// Returns the lower-case delivery id of a path segment, or null when it is not a UUID.
function readDeliveryId(segment) {
  let value;
  try {
    value = decodeURIComponent(segment ?? '').toLowerCase();
  } catch {
    return null;
  }
  return DELIVERY_ID_PATTERN.test(value) ? value : null;
}

let warnedInvalid = false;

function warnInvalidOnce(webhookConfig) {
  if (webhookConfig.invalid.length > 0 && !warnedInvalid) {
    warnedInvalid = true;
    logWarning('webhook settings are invalid; defaults are used where one exists', { invalid: webhookConfig.invalid });
  }
}

function configurationMissing(origin, missing, purpose) {
  const detail = `The worker is missing ${missing.join(', ')}, so it cannot ${purpose}. Set each with "wrangler secret put NAME", in wrangler.toml, or in .dev.vars for wrangler dev.`;
  return problemResponse(workerProblem(origin, 'configuration_missing', 500, 'Configuration missing', detail, { missing }), 500);
}

async function readBodyBytes(request) {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_WEBHOOK_BYTES) {
    return null;
  }
  const buffer = await request.arrayBuffer();
  return buffer.byteLength > MAX_WEBHOOK_BYTES ? null : new Uint8Array(buffer);
}

// The diagnostics carry sizes, flags and the timestamp skew, never the body or a secret. Their
// `secrets` entries (fingerprint and length of each configured secret) are left out of the
// response, because anyone can call this route and a fingerprint lets a caller test guesses of a
// weak secret offline.
function rejected(origin, verdict, log) {
  const { secrets: _secretFacts, ...diagnostics } = verdict.diagnostics;
  log.kind = 'webhook_rejected';
  log.reason = verdict.reason;
  log.likelyCause = diagnostics.likelyCauses?.[0]?.code ?? null;
  log.bodyBytes = diagnostics.bodyBytes;
  log.skewSeconds = diagnostics.skewSeconds;

  const detail = `${diagnostics.message} Check the Secret Token in ZOOM_WEBHOOK_SECRET_TOKEN and that nothing in front of the worker changes the body.`;
  const problem = workerProblem(origin, 'webhook_rejected', 401, 'Webhook rejected', detail, { reason: verdict.reason, diagnostics });
  return problemResponse(problem, 401);
}

function answerChallenge(origin, verdict, body, webhookConfig, log) {
  const secret = webhookConfig.secretTokens[verdict.diagnostics.matchedSecretIndex ?? 0];
  try {
    const answer = answerUrlValidation(body, secret);
    log.kind = 'url_validation';
    return json(answer);
  } catch (error) {
    if (error?.code !== 'invalid_argument') {
      throw error;
    }
    log.kind = 'invalid_challenge';
    logWarning('URL validation challenge rejected', { reason: error.message });
    const problem = workerProblem(origin, 'invalid_challenge', 400, 'Invalid URL validation challenge', error.message);
    return problemResponse(problem, 400);
  }
}

async function acceptSummaryEvent(origin, env, verdict, log) {
  const missing = [env.DELIVERY_QUEUE ? null : 'DELIVERY_QUEUE (queue producer binding)', env.LEDGER ? null : 'LEDGER (Durable Object binding)'].filter(Boolean);
  if (missing.length > 0) {
    log.kind = 'configuration_missing';
    return configurationMissing(origin, missing, 'queue summary deliveries');
  }

  const built = await summaryJobFrom(verdict.payload, origin);
  if (built.error) {
    log.kind = 'invalid_event';
    logWarning('summary event not processed', { reason: built.error });
    return json({ status: 'ignored', event: verdict.event, reason: built.error });
  }

  const { job } = built;
  log.summaryId = job.summaryId;
  log.deliveryId = job.deliveryId;
  if (job.deleted) {
    log.kind = 'deleted';
    return json({ status: 'skipped', event: verdict.event, reason: 'The summary was deleted, so there is nothing to fetch.', deliveryId: job.deliveryId });
  }

  try {
    await env.DELIVERY_QUEUE.send(job, { contentType: 'json' });
  } catch (error) {
    // Without an acknowledgement, Zoom sends the event again 5, then 20, then 60 minutes later.
    log.kind = 'queue_unavailable';
    logError('summary event could not be queued', error, { summaryId: job.summaryId, deliveryId: job.deliveryId });
    const detail = 'The delivery queue did not accept the event, so it was not acknowledged and Zoom will send it again.';
    return problemResponse(workerProblem(origin, 'queue_unavailable', 503, 'Delivery queue unavailable', detail, { retryable: true }), 503);
  }
  log.kind = 'queued';
  return json({ status: 'accepted', event: verdict.event, deliveryId: job.deliveryId });
}

/** POST /v1/webhooks/zoom */
export async function handleZoomWebhook({ request, env, url, log }) {
  const { origin } = url;
  const webhookConfig = readWebhookConfig(env);
  warnInvalidOnce(webhookConfig);
  if (webhookConfig.missingVerification.length > 0) {
    log.kind = 'configuration_missing';
    return configurationMissing(origin, webhookConfig.missingVerification, 'verify Zoom\'s webhook signatures');
  }

  const body = await readBodyBytes(request);
  if (body === null) {
    log.kind = 'body_too_large';
    const detail = `The body is larger than ${MAX_WEBHOOK_BYTES} bytes, far above the size of Zoom's events. Check what sends requests to this URL.`;
    return problemResponse(workerProblem(origin, 'body_too_large', 413, 'Request body too large', detail), 413);
  }

  const verdict = verifyWebhook({ headers: request.headers, rawBody: body, secretToken: webhookConfig.secretTokens, toleranceSeconds: webhookConfig.toleranceSeconds });
  if (!verdict.valid) {
    return rejected(origin, verdict, log);
  }

  log.event = verdict.event;
  if (verdict.event === URL_VALIDATION_EVENT) {
    return answerChallenge(origin, verdict, body, webhookConfig, log);
  }
  if (verdict.event === SUMMARY_EVENT) {
    return acceptSummaryEvent(origin, env, verdict, log);
  }
  log.kind = 'ignored';
  return json({ status: 'ignored', event: verdict.event, reason: `Only ${SUMMARY_EVENT} events are processed.` });
}

function ledgerMissing(origin) {
  return configurationMissing(origin, ['LEDGER (Durable Object binding)'], 'store failed deliveries');
}

/** GET /v1/deliveries/failed[?limit=] */
export async function handleFailedList({ env, url, log }) {
  const ledger = ledgerFor(env);
  if (!ledger) {
    log.kind = 'configuration_missing';
    return ledgerMissing(url.origin);
  }

  const limitText = url.searchParams.get('limit');
  const limit = limitText === null ? 100 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1) {
    log.kind = 'invalid_query';
    const detail = `limit must be a whole number of 1 or more, got "${limitText}".`;
    return problemResponse(workerProblem(url.origin, 'invalid_query', 400, 'Invalid query', detail), 400);
  }

  const listing = await ledger.listFailures({ limit });
  log.kind = 'ok';
  return json(listing);
}

/** POST /v1/deliveries/failed/{deliveryId}/retry */
export async function handleFailedRetry({ env, url, params, log }) {
  const { origin } = url;
  const deliveryId = readDeliveryId(params[0]);
  if (deliveryId === null) {
    log.kind = 'invalid_id';
    const detail = 'The delivery id is a UUID, as listed in deliveryId by GET /v1/deliveries/failed and sent in x-zsd-delivery-id.';
    return problemResponse(workerProblem(origin, 'invalid_id', 400, 'Invalid id', detail), 400);
  }

  const ledger = ledgerFor(env);
  if (!ledger || !env.DELIVERY_QUEUE) {
    log.kind = 'configuration_missing';
    return configurationMissing(origin, [ledger ? null : 'LEDGER (Durable Object binding)', env.DELIVERY_QUEUE ? null : 'DELIVERY_QUEUE (queue producer binding)'].filter(Boolean), 'retry deliveries');
  }

  const reopened = await ledger.reopen(deliveryId);
  if (!reopened) {
    log.kind = 'delivery_not_found';
    const detail = `No failed delivery has the id ${deliveryId}. GET /v1/deliveries/failed lists them; a delivery that succeeded is no longer listed.`;
    return problemResponse(workerProblem(origin, 'delivery_not_found', 404, 'Failed delivery not found', detail), 404);
  }
  if (reopened.pending) {
    log.kind = 'delivery_retry_pending';
    log.deliveryId = deliveryId;
    const detail = `The delivery ${deliveryId} is already queued or being delivered. GET /v1/deliveries/failed shows it as failed again if that attempt fails; retry it then.`;
    return problemResponse(workerProblem(origin, 'delivery_retry_pending', 409, 'Delivery retry already pending', detail), 409);
  }

  const { job } = reopened;

  try {
    await env.DELIVERY_QUEUE.send(job, { contentType: 'json' });
  } catch (error) {
    await ledger.abandonReopen(deliveryId);
    log.kind = 'queue_unavailable';
    logError('failed delivery could not be queued again', error, { deliveryId });
    const detail = 'The delivery queue did not accept the retry. The delivery stays in the failed list; try again later.';
    return problemResponse(workerProblem(origin, 'queue_unavailable', 503, 'Delivery queue unavailable', detail, { retryable: true }), 503);
  }
  log.kind = 'queued';
  log.deliveryId = deliveryId;
  return json({ status: 'queued', deliveryId }, 202);
}

async function recordDeadLetter(message, ledger) {
  const job = message.body;
  if (typeof job?.deliveryId !== 'string' || typeof job?.dedupeKey !== 'string') {
    logError('dead-lettered message has an unknown layout and was dropped', new Error('no deliveryId or dedupeKey'), { messageId: message.id });
    return;
  }
  await ledger.recordFailure({ job, stage: 'dead_letter', diagnosis: deadLetterDiagnosis(), attempts: message.attempts });
  logWarning('dead-lettered delivery was recorded as failed', { deliveryId: job.deliveryId, summaryId: job.summaryId });
}

// An exception here leaves the message unacknowledged: the queue retries it and, past
// `max_retries`, moves it to the dead-letter queue, whose consumer records it.
// NOTE: no test covers the dead-letter path, because reaching it needs a consumer that keeps
// throwing on one message.
async function consumeMessage(message, batchQueue, env, ledger, webhookConfig) {
  try {
    if (batchQueue === DEAD_LETTER_QUEUE) {
      await recordDeadLetter(message, ledger);
      message.ack();
      return;
    }
    await processDeliveryMessage(message, { env, ledger, webhookConfig });
  } catch (error) {
    logError('delivery attempt failed', error, { deliveryId: message.body?.deliveryId ?? null, attempt: message.attempts });
    const delays = webhookConfig.retryDelaysSeconds;
    message.retry({ delaySeconds: delays[Math.min(message.attempts, delays.length) - 1] ?? 0 });
  }
}

/** The worker's `queue` handler: consumes DELIVERY_QUEUE and its dead-letter queue. */
export async function handleQueueBatch(batch, env) {
  const webhookConfig = readWebhookConfig(env);
  const ledger = ledgerFor(env);
  if (!ledger) {
    logError('delivery batch not processed', new Error('the LEDGER Durable Object binding is missing'), { queue: batch.queue, messages: batch.messages.length });
    batch.retryAll();
    return;
  }

  logDelivery('delivery batch received', { queue: batch.queue, messages: batch.messages.length });
  await Promise.all(batch.messages.map((message) => consumeMessage(message, batch.queue, env, ledger, webhookConfig)));
}
