// Reads the webhook pipeline's settings: Zoom's Secret Tokens, the summary sink, the sink signing
// secret and the delivery retry schedule. Secrets stay in the returned object and must never be
// logged.

/** Seconds of Zoom timestamp skew accepted when WEBHOOK_TOLERANCE_SECONDS is not set (the crate's default). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/**
 * Seconds to wait before each retry of a failed delivery, used when DELIVERY_RETRY_DELAYS_SECONDS
 * is not set: 30 s, 2 min, 10 min, 30 min, 2 h and 6 h, about 8.7 hours in all. A delivery that
 * still fails after the last one is recorded as failed.
 */
export const DEFAULT_RETRY_DELAYS_SECONDS = Object.freeze([30, 120, 600, 1800, 7200, 21600]);

/**
 * Maximum single retry delay, in seconds (12 hours). Miniflare 4.20260426 rejects delays over
 * 86400 s, so this cap stays well inside what the queue accepts.
 */
export const MAX_RETRY_DELAY_SECONDS = 43_200;

/**
 * Maximum number of delays a schedule may list. It must not exceed the consumer's `max_retries` in
 * wrangler.toml (10), or the queue dead-letters a message before the schedule ends.
 */
export const MAX_SCHEDULED_RETRIES = 10;

/** Milliseconds one POST to the sink may take when SINK_TIMEOUT_MS is not set. */
export const DEFAULT_SINK_TIMEOUT_MS = 10_000;

function text(env, name) {
  const value = env[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function readTolerance(env, invalid) {
  const value = text(env, 'WEBHOOK_TOLERANCE_SECONDS');
  if (value === null) {
    return DEFAULT_TOLERANCE_SECONDS;
  }

  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 0) {
    invalid.push(`WEBHOOK_TOLERANCE_SECONDS must be a whole number of seconds, 0 or more, got "${value}"`);
    return DEFAULT_TOLERANCE_SECONDS;
  }
  return seconds;
}

/** Parses a comma-separated list of delays in seconds. Returns `{ delays }` or `{ error }`. */
export function parseRetryDelays(value) {
  const items = value.split(',').map((item) => item.trim());
  if (items.length > MAX_SCHEDULED_RETRIES) {
    return { error: `DELIVERY_RETRY_DELAYS_SECONDS lists ${items.length} delays; list at most ${MAX_SCHEDULED_RETRIES}, the queue consumer's max_retries` };
  }

  const delays = [];
  for (const item of items) {
    const seconds = Number(item);
    if (item === '' || !Number.isInteger(seconds) || seconds < 0 || seconds > MAX_RETRY_DELAY_SECONDS) {
      return { error: `DELIVERY_RETRY_DELAYS_SECONDS must list whole seconds from 0 to ${MAX_RETRY_DELAY_SECONDS}, separated by commas, got "${value}"` };
    }
    delays.push(seconds);
  }
  return { delays };
}

/**
 * Returns the seconds to wait before the next attempt, or null when the schedule is used up.
 * `attempts` counts the attempts made so far, this one included; `retryAfter` (seconds), when
 * Zoom sent one, lengthens the wait.
 */
export function retryDelayFor(attempts, delays, retryAfter = 0) {
  const scheduled = delays[attempts - 1];
  if (scheduled === undefined) {
    return null;
  }
  return Math.min(MAX_RETRY_DELAY_SECONDS, Math.max(scheduled, retryAfter ?? 0));
}

function readRetryDelays(env, invalid) {
  const value = text(env, 'DELIVERY_RETRY_DELAYS_SECONDS');
  if (value === null) {
    return [...DEFAULT_RETRY_DELAYS_SECONDS];
  }

  const parsed = parseRetryDelays(value);
  if (parsed.error) {
    invalid.push(parsed.error);
    return [...DEFAULT_RETRY_DELAYS_SECONDS];
  }
  return parsed.delays;
}

function readSinkUrl(env, invalid) {
  const value = text(env, 'SUMMARY_SINK_URL');
  if (value === null) {
    return null;
  }

  let url;
  try {
    url = new URL(value);
  } catch {
    invalid.push(`SUMMARY_SINK_URL must be an absolute http or https URL; its value (${value.length} characters) is not shown because it may carry credentials`);
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    invalid.push(`SUMMARY_SINK_URL must use http or https, got "${url.protocol}"`);
    return null;
  }
  return url.href;
}

function readSinkTimeout(env, invalid) {
  const value = text(env, 'SINK_TIMEOUT_MS');
  if (value === null) {
    return DEFAULT_SINK_TIMEOUT_MS;
  }

  const ms = Number(value);
  if (!Number.isFinite(ms) || ms <= 0) {
    invalid.push(`SINK_TIMEOUT_MS must be a positive number of milliseconds, got "${value}"`);
    return DEFAULT_SINK_TIMEOUT_MS;
  }
  return ms;
}

/**
 * Reads the webhook settings from the environment.
 *
 * `secretTokens` lists ZOOM_WEBHOOK_SECRET_TOKEN and, during a rotation,
 * ZOOM_WEBHOOK_SECRET_TOKEN_NEXT. `missingVerification` names the settings without which no event
 * can be verified, and `missingDelivery` those without which no summary can be delivered.
 * `invalid` lists every setting that is present but unusable. Most of them fall back to their
 * default, so only `invalidDelivery`, an unusable SUMMARY_SINK_URL, stops deliveries.
 */
export function readWebhookConfig(env) {
  const invalid = [];
  const invalidDelivery = [];
  const secretTokens = [text(env, 'ZOOM_WEBHOOK_SECRET_TOKEN'), text(env, 'ZOOM_WEBHOOK_SECRET_TOKEN_NEXT')].filter(Boolean);
  const config = {
    secretTokens,
    toleranceSeconds: readTolerance(env, invalid),
    sinkUrl: readSinkUrl(env, invalidDelivery),
    sinkSigningSecret: text(env, 'SINK_SIGNING_SECRET'),
    sinkTimeoutMs: readSinkTimeout(env, invalid),
    retryDelaysSeconds: readRetryDelays(env, invalid),
    invalid: [...invalid, ...invalidDelivery],
    invalidDelivery,
  };

  config.missingVerification = text(env, 'ZOOM_WEBHOOK_SECRET_TOKEN') === null ? ['ZOOM_WEBHOOK_SECRET_TOKEN'] : [];
  config.missingDelivery = [
    config.sinkUrl === null && text(env, 'SUMMARY_SINK_URL') === null ? 'SUMMARY_SINK_URL' : null,
    config.sinkSigningSecret === null ? 'SINK_SIGNING_SECRET' : null,
  ].filter(Boolean);
  return config;
}
