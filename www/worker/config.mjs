// Reads the worker's settings from its environment (wrangler vars and secrets).

import { apiHostProblem, oauthHostProblem } from './hosts.mjs';
import { ratePerSecondFor } from './limiter.mjs';

/** Zoom's OAuth host, used when ZOOM_OAUTH_HOST is not set. */
export const DEFAULT_OAUTH_HOST = 'https://zoom.us';

/** Milliseconds one proxied request may take, retries included, when REQUEST_DEADLINE_MS is not set. */
export const DEFAULT_DEADLINE_MS = 10_000;

/** Milliseconds a request may wait for the rate limiter before it is rejected with 429. */
export const DEFAULT_MAX_QUEUE_MS = 5_000;

const ZOOM_SETTINGS = ['ZOOM_ACCOUNT_ID', 'ZOOM_CLIENT_ID', 'ZOOM_CLIENT_SECRET'];

function text(env, name) {
  const value = env[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function positiveNumber(env, name, fallback) {
  const value = text(env, name);
  if (value === null) {
    return { value: fallback };
  }
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) {
    return { value: fallback, invalid: `${name} must be a positive number, got "${value}"` };
  }
  return { value: number };
}

// `off` turns the limiter off, for accounts whose calls are rate-limited in front of the worker.
function rateLimit(env, plan) {
  if (text(env, 'RATE_LIMIT_PER_SECOND')?.toLowerCase() === 'off') {
    return { value: null };
  }
  const rate = positiveNumber(env, 'RATE_LIMIT_PER_SECOND', ratePerSecondFor(plan, 'medium'));
  if (rate.invalid) {
    rate.invalid = `${rate.invalid}; set it to a number of calls per second, or to "off" to turn the limiter off`;
  }
  return rate;
}

function list(env, name) {
  const value = text(env, name);
  return value === null ? [] : value.split(',').map((item) => item.trim()).filter(Boolean);
}

// Checked up front so that every route, and the queue consumer, reports a bad host as the setting
// to fix before any token is minted or sent.
function hostProblems(apiHost, oauthHost) {
  const problems = [oauthHostProblem(oauthHost)];
  if (apiHost !== null) {
    problems.push(apiHostProblem(apiHost));
  }
  return problems.filter(Boolean);
}

/**
 * Reads the configuration. `missing` lists required settings that are absent and `invalid` lists
 * settings that are present but unusable; both are empty when the worker can serve summaries.
 * `ratePerSecond` is null when RATE_LIMIT_PER_SECOND is `off`. Secrets stay in the returned object
 * and must never be logged.
 */
export function readConfig(env) {
  const invalid = [];
  const deadline = positiveNumber(env, 'REQUEST_DEADLINE_MS', DEFAULT_DEADLINE_MS);
  const maxQueue = positiveNumber(env, 'RATE_LIMIT_MAX_QUEUE_MS', DEFAULT_MAX_QUEUE_MS);
  const plan = (text(env, 'ZOOM_PLAN') ?? 'business').toLowerCase();
  if (!['pro', 'business'].includes(plan)) {
    invalid.push(`ZOOM_PLAN must be "pro" or "business", got "${plan}"`);
  }
  const rate = rateLimit(env, plan);
  for (const setting of [deadline, maxQueue, rate]) {
    if (setting.invalid) {
      invalid.push(setting.invalid);
    }
  }

  const oauthHost = text(env, 'ZOOM_OAUTH_HOST') ?? DEFAULT_OAUTH_HOST;
  const apiHost = text(env, 'ZOOM_API_HOST');
  invalid.push(...hostProblems(apiHost, oauthHost));

  return {
    accountId: text(env, 'ZOOM_ACCOUNT_ID'),
    clientId: text(env, 'ZOOM_CLIENT_ID'),
    clientSecret: text(env, 'ZOOM_CLIENT_SECRET'),
    oauthHost,
    apiHost,
    apiKeys: [text(env, 'PROXY_API_KEY'), text(env, 'PROXY_API_KEY_PREVIOUS')].filter(Boolean),
    allowedOrigins: list(env, 'ALLOWED_ORIGINS'),
    deadlineMs: deadline.value,
    maxQueueMs: maxQueue.value,
    plan,
    ratePerSecond: rate.value,
    missingZoom: ZOOM_SETTINGS.filter((name) => text(env, name) === null),
    missingApiKey: text(env, 'PROXY_API_KEY') === null,
    invalid,
  };
}

const configs = new WeakMap();

/**
 * Returns `readConfig(env)`, read once per `env` object. Settings change only on deploy, and a new
 * deployment runs in new isolates, so an isolate may keep what it read.
 */
export function configFor(env) {
  let config = configs.get(env);
  if (!config) {
    // Frozen because every request of the isolate shares it.
    config = Object.freeze(readConfig(env));
    configs.set(env, config);
  }
  return config;
}

/** Returns the settings `mintToken` needs. */
export function mintConfig(config) {
  return {
    accountId: config.accountId,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    oauthHost: config.oauthHost,
  };
}
