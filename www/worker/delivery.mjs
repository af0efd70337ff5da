// One delivery of a summary to the sink. The job is built from a verified event and claimed in the
// ledger. The summary is fetched through the same client path as GET /v1/summaries and posted,
// signed, to SUMMARY_SINK_URL. The outcome is then acknowledged, retried later or recorded as failed.

import { fetchSummary, signSinkDelivery, summaryTargetFromEvent } from 'zoom-summary-doctor';

import { brokerFor } from './broker.mjs';
import { configFor } from './config.mjs';
import { dedupeKeyFor, deliveryIdFor } from './delivery-id.mjs';
import { logError, logWarning, scrubTrackingId } from './log.mjs';
import { summaryOptions } from './routes.mjs';
import { retryDelayFor } from './webhook-config.mjs';

/** Event name of an AI call summary change. */
export const SUMMARY_EVENT = 'phone.ai_call_summary_changed';

/** Version of the queue message layout; a consumer skips messages of other versions. */
export const JOB_VERSION = 1;

/** Header that carries the idempotency key of a delivery. */
export const DELIVERY_ID_HEADER = 'x-zsd-delivery-id';

/** Header that carries the sink signature from `signSinkDelivery`. */
export const SIGNATURE_HEADER = 'x-zsd-signature';

/** Writes one JSON line about a delivery. Lines carry ids and outcomes only, never summary text. */
export function logDelivery(message, fields) {
  console.log(JSON.stringify({ time: new Date().toISOString(), level: 'info', message, ...fields }));
}

/**
 * Builds the queue message for a verified `phone.ai_call_summary_changed` event. Returns `{ job }`,
 * or `{ error }` naming the field that is missing or unusable.
 */
export async function summaryJobFrom(event, origin) {
  let read;
  try {
    read = summaryTargetFromEvent(event);
  } catch (error) {
    if (error?.code === 'invalid_argument') {
      return { error: error.message };
    }
    throw error;
  }

  const job = {
    version: JOB_VERSION,
    event: SUMMARY_EVENT,
    summaryId: read.summaryId,
    userId: read.userId ?? null,
    accountId: read.accountId ?? null,
    callId: read.callId ?? null,
    modifiedTime: read.modifiedTime ?? null,
    eventTs: read.eventTs ?? null,
    deleted: read.deleted,
    origin,
  };
  job.dedupeKey = dedupeKeyFor(job);
  job.deliveryId = await deliveryIdFor(job.dedupeKey);
  return { job };
}

function isJob(body) {
  return body?.version === JOB_VERSION && typeof body.deliveryId === 'string' && typeof body.dedupeKey === 'string' && typeof body.summaryId === 'string' && typeof body.userId === 'string';
}

function configurationDiagnosis(missing, invalid) {
  if (missing.length > 0) {
    return {
      kind: 'configuration_missing',
      title: 'Configuration missing',
      detail: `The worker is missing ${missing.join(', ')}, so it cannot fetch or deliver summaries.`,
      fixes: [`Set ${missing.join(', ')} with "wrangler secret put NAME" or in wrangler.toml, then retry this delivery.`],
      retryable: false,
      missing,
    };
  }
  return {
    kind: 'configuration_invalid',
    title: 'Configuration invalid',
    detail: `${invalid.join('; ')}.`,
    fixes: ['Fix the named settings, then retry this delivery.'],
    retryable: false,
    invalid,
  };
}

// Zoom may not have finished a summary when its event arrives, so a 404 is retried on the
// schedule before it counts as a failure.
function isFetchRetryable(problem) {
  return problem?.retryable === true || problem?.kind === 'summary_not_found';
}

// The classifier's problem document already leaves out tokens and secrets; only its ids, texts
// and Zoom's error reply are kept.
function fetchDiagnosis(outcome) {
  const problem = outcome.problem ?? {};
  return {
    kind: problem.kind ?? 'unknown',
    title: problem.title ?? 'Summary could not be fetched',
    detail: problem.detail ?? problem.explanation ?? `Zoom's summary request failed with status ${outcome.status}.`,
    fixes: Array.isArray(problem.fixes) ? problem.fixes : [],
    retryable: isFetchRetryable(problem),
    status: problem.zoom?.status ?? problem.status ?? outcome.status,
    zoom: problem.zoom ?? null,
    trackingId: scrubTrackingId(problem.trackingId ?? outcome.meta?.trackingId),
  };
}

async function fetchStep(job, env) {
  const config = configFor(env);
  const missing = [...config.missingZoom];
  if (missing.length > 0 || config.invalid.length > 0) {
    return { ok: false, stage: 'configuration', diagnosis: configurationDiagnosis(missing, config.invalid) };
  }

  const target = { userId: job.userId, summaryId: job.summaryId };
  // A master account's app receives its sub-accounts' events; their summaries live under the
  // sub-account path.
  if (job.accountId && config.accountId && job.accountId !== config.accountId) {
    target.subAccountId = job.accountId;
  }

  const outcome = await fetchSummary(target, summaryOptions(config, brokerFor(env, config), job.origin));
  if (!outcome.ok) {
    return { ok: false, stage: 'fetch', diagnosis: fetchDiagnosis(outcome), retryAfter: outcome.retryAfter ?? 0, meta: outcome.meta };
  }
  return { ok: true, summary: outcome.summary, meta: outcome.meta };
}

function sinkOrigin(sinkUrl) {
  return new URL(sinkUrl).origin;
}

// Statuses after which a later attempt can succeed without anyone changing the sink.
function isSinkStatusRetryable(status) {
  return status >= 500 || status === 408 || status === 425 || status === 429;
}

function sinkStatusDiagnosis(status, webhookConfig) {
  const origin = sinkOrigin(webhookConfig.sinkUrl);
  if (status >= 300 && status < 400) {
    return {
      kind: 'sink_rejected',
      title: 'Summary sink redirected the delivery',
      detail: `The sink at ${origin} answered ${status} with a redirect. The worker does not follow redirects, so that summary text never goes to a host other than SUMMARY_SINK_URL.`,
      fixes: ['Set SUMMARY_SINK_URL to the final URL of the sink, then retry this delivery.'],
      retryable: false,
      status,
    };
  }
  if (isSinkStatusRetryable(status)) {
    return {
      kind: 'sink_unavailable',
      title: 'Summary sink unavailable',
      detail: `The sink at ${origin} answered ${status} on every attempt of the retry schedule.`,
      fixes: ['Check that the sink is up and answers 2xx.', 'Retry this delivery with POST /v1/deliveries/failed/{deliveryId}/retry once it is.'],
      retryable: true,
      status,
    };
  }
  return {
    kind: 'sink_rejected',
    title: 'Summary sink rejected the delivery',
    detail: `The sink at ${origin} answered ${status}. A later attempt would get the same answer until the sink or the worker's settings change.`,
    fixes: [
      'Check that the sink verifies x-zsd-signature over the raw body with the same secret as SINK_SIGNING_SECRET (verifySinkSignature does this in one call).',
      'Read the sink\'s own log for why it answered this status, then retry this delivery.',
    ],
    retryable: false,
    status,
  };
}

function sinkErrorDiagnosis(error, webhookConfig) {
  const origin = sinkOrigin(webhookConfig.sinkUrl);
  const timedOut = error?.name === 'TimeoutError';
  const detail = timedOut
    ? `The sink at ${origin} did not answer within ${webhookConfig.sinkTimeoutMs} ms.`
    : `The sink at ${origin} could not be reached (${error?.name ?? 'Error'}: ${error?.message ?? String(error)}).`;
  return {
    kind: 'sink_unavailable',
    title: 'Summary sink unavailable',
    detail,
    fixes: ['Check that SUMMARY_SINK_URL is right and the sink is up.', 'Retry this delivery with POST /v1/deliveries/failed/{deliveryId}/retry once it is.'],
    retryable: true,
    status: null,
  };
}

/** Returns the exact body posted to the sink: `{ summary, callId, userId, accountId, event }`. */
export function sinkBody(job, summary) {
  return JSON.stringify({ summary, callId: job.callId, userId: job.userId, accountId: job.accountId, event: job.event });
}

async function postStep(job, summary, webhookConfig) {
  const body = sinkBody(job, summary);
  // Signed at each attempt, so a retry hours later still falls inside the sink's timestamp tolerance.
  const headers = {
    'content-type': 'application/json; charset=utf-8',
    [DELIVERY_ID_HEADER]: job.deliveryId,
    [SIGNATURE_HEADER]: signSinkDelivery({ secret: webhookConfig.sinkSigningSecret, body }),
  };

  let response;
  try {
    response = await fetch(webhookConfig.sinkUrl, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(webhookConfig.sinkTimeoutMs) });
  } catch (error) {
    return { ok: false, stage: 'deliver', diagnosis: sinkErrorDiagnosis(error, webhookConfig) };
  }

  await response.body?.cancel();
  if (response.status >= 200 && response.status < 300) {
    return { ok: true, status: response.status };
  }
  return { ok: false, stage: 'deliver', diagnosis: sinkStatusDiagnosis(response.status, webhookConfig) };
}

/** Fetches the job's summary and posts it to the sink. Returns `{ ok }` or `{ ok: false, stage, diagnosis }`. */
export async function attemptDelivery(job, env, webhookConfig) {
  const missing = webhookConfig.missingDelivery;
  if (missing.length > 0 || webhookConfig.invalidDelivery.length > 0) {
    return { ok: false, stage: 'configuration', diagnosis: configurationDiagnosis(missing, webhookConfig.invalidDelivery) };
  }

  // NOTE: every attempt fetches the summary again, even when only the sink failed before. This costs
  // one Zoom call per retry; keeping the summary between attempts would need storage for its text.
  const fetched = await fetchStep(job, env);
  if (!fetched.ok) {
    return fetched;
  }
  const posted = await postStep(job, fetched.summary, webhookConfig);
  return { ...posted, meta: fetched.meta };
}

function jobFields(job, message) {
  return { deliveryId: job.deliveryId, summaryId: job.summaryId, userId: job.userId, attempt: message.attempts };
}

async function settleFailure(message, job, attempt, ledger, webhookConfig) {
  const delay = attempt.diagnosis.retryable ? retryDelayFor(message.attempts, webhookConfig.retryDelaysSeconds, attempt.retryAfter) : null;
  const fields = { ...jobFields(job, message), stage: attempt.stage, kind: attempt.diagnosis.kind, status: attempt.diagnosis.status ?? null, trackingId: attempt.diagnosis.trackingId ?? null };
  if (delay !== null) {
    logDelivery('delivery retry scheduled', { ...fields, delaySeconds: delay });
    message.retry({ delaySeconds: delay });
    return;
  }

  await ledger.recordFailure({ job, stage: attempt.stage, diagnosis: attempt.diagnosis, attempts: message.attempts });
  logWarning('delivery failed and was recorded', fields);
  message.ack();
}

/**
 * Processes one queue message: claims its summary version in the ledger, delivers it, and then
 * acknowledges it, schedules a retry, or records it as failed.
 */
export async function processDeliveryMessage(message, { env, ledger, webhookConfig }) {
  const job = message.body;
  if (!isJob(job)) {
    logError('delivery message has an unknown layout and was dropped', new Error(`expected version ${JOB_VERSION}`), { messageId: message.id });
    message.ack();
    return;
  }

  const claim = await ledger.claim({ dedupeKey: job.dedupeKey, deliveryId: job.deliveryId, owner: message.id });
  if (!claim.claimed) {
    logDelivery('delivery skipped as duplicate', { ...jobFields(job, message), state: claim.state });
    message.ack();
    return;
  }

  const attempt = await attemptDelivery(job, env, webhookConfig);
  if (!attempt.ok) {
    await settleFailure(message, job, attempt, ledger, webhookConfig);
    return;
  }

  await ledger.markDelivered({ dedupeKey: job.dedupeKey, deliveryId: job.deliveryId });
  logDelivery('delivery sent', { ...jobFields(job, message), sinkStatus: attempt.status, trackingId: attempt.meta?.trackingId ?? null });
  message.ack();
}

/** Returns the diagnosis recorded for a message that reached the dead-letter queue. */
export function deadLetterDiagnosis() {
  return {
    kind: 'delivery_dead_lettered',
    title: 'Delivery moved to the dead-letter queue',
    detail: 'The queue consumer failed on this delivery on every attempt the queue allows, so the queue moved it to the dead-letter queue.',
    fixes: ['Read the worker log for "delivery attempt failed" lines with this deliveryId.', 'Retry this delivery with POST /v1/deliveries/failed/{deliveryId}/retry once the cause is fixed.'],
    retryable: true,
    status: null,
  };
}
