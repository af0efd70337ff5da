/**
 * The support bundle: a plain-text summary of one failed Zoom call for a Zoom support
 * ticket. It contains IDs, the status, Zoom's error code and message, the tracking ID and
 * the diagnosis. It contains no token, no secret and no other part of the response body.
 */

// Response headers that help Zoom support and carry no credential.
const SAFE_HEADERS = [
  'x-zm-trackingid',
  'x-zm-region',
  'x-ratelimit-category',
  'x-ratelimit-type',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'retry-after',
  'content-type',
  'date',
  'server',
  'cf-ray',
];

// Query parameters whose values may be credentials, such as `access_token`.
const SECRET_PARAM = /token|secret|key|signature|password|auth|code/i;

// Three base64url segments starting with a JSON header: the shape of every Zoom token.
const JWT_PATTERN = /eyJ[\w-]*\.[\w-]*\.[\w-]*/g;

const REMOVED = '[removed]';

/**
 * Builds the support bundle text.
 *
 * - `diagnosis`: the result of `classifyFailure`.
 * - `request`: `{ method, url }`, or null.
 * - `headers`: the response headers. Only those in SAFE_HEADERS are copied.
 * - `token`: the `introspectToken` report, or null.
 * - `secrets`: the raw strings pasted as token or secret, removed wherever they appear.
 * - `now`: the clock in epoch seconds.
 */
export function buildSupportBundle({ diagnosis, request, headers, token, secrets = [], now }) {
  const lines = [
    'Zoom API failure report (zoom-summary-doctor). It contains no token, no secret and, of the response body, only Zoom\'s error code and message.',
    `Generated: ${isoTime(now)}`,
    `Tracking ID (x-zm-trackingid): ${diagnosis.trackingId ?? 'none in the response'}`,
    ...requestLines(request),
    ...responseLines(diagnosis, headers),
    ...diagnosisLines(diagnosis),
    ...tokenLines(token),
  ];
  return scrubSecrets(lines.join('\n'), secrets);
}

function requestLines(request) {
  if (!request?.url) {
    return ['Request: not given'];
  }
  return [`Request: ${request.method || 'GET'} ${redactUrl(request.url)}`];
}

function responseLines(diagnosis, headers) {
  const zoom = diagnosis.zoom ?? {};
  const lines = [`Response status: ${zoom.status ?? 'unknown'}`];
  if (zoom.code !== undefined && zoom.code !== null) {
    lines.push(`Zoom error code: ${zoom.code}`);
  }
  if (zoom.message) {
    lines.push(`Zoom error message: ${zoom.message}`);
  }

  const present = SAFE_HEADERS.filter((name) => headers?.[name] !== undefined);
  if (present.length > 0) {
    lines.push('Response headers:', ...present.map((name) => `  ${name}: ${headers[name]}`));
  }
  return lines;
}

function diagnosisLines(diagnosis) {
  const lines = [`Diagnosis: ${diagnosis.kind} (${diagnosis.title})`];
  if (diagnosis.missingScopes?.length) {
    lines.push(`Missing scopes: ${diagnosis.missingScopes.join(' ')}`);
  }
  if (diagnosis.oauthError) {
    lines.push(`OAuth error: ${diagnosis.oauthError}`);
  }
  if (diagnosis.rateLimit?.type) {
    lines.push(`Rate limit: ${diagnosis.rateLimit.type}`);
  }
  if (diagnosis.retryAt) {
    lines.push(`Retry at: ${diagnosis.retryAt}`);
  }
  return lines;
}

function tokenLines(token) {
  if (!token) {
    return ['Token: not given'];
  }

  const lines = [
    `Token kind: ${token.kind}`,
    `Token fingerprint (SHA-256, first 12 hex digits): ${token.fingerprint ?? 'unknown'}`,
  ];
  for (const [label, value] of [['Client ID', token.clientId], ['Account ID', token.accountId], ['User ID', token.userId]]) {
    if (value) {
      lines.push(`${label}: ${value}`);
    }
  }
  if (token.expiresAt) {
    lines.push(`Token expires: ${isoTime(token.expiresAt)}${token.expired ? ' (expired)' : ''}`);
  }
  lines.push(`Token scopes: ${token.scopes ? token.scopes.join(' ') : 'unknown (a bare token does not list its scopes)'}`);
  return lines;
}

/** Replaces the values of credential-like query parameters in `url` with `[removed]`. */
export function redactUrl(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return String(url).split('?')[0];
  }

  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_PARAM.test(name)) {
      parsed.searchParams.set(name, REMOVED);
    }
  }
  return parsed.href;
}

/**
 * Removes every token-shaped string and every given secret from `text`.
 *
 * Each pasted secret is removed whole, and so is each token found inside it (for a pasted
 * token response or Authorization header) together with the token's signature part.
 */
export function scrubSecrets(text, secrets = []) {
  let result = String(text).replace(JWT_PATTERN, REMOVED);
  for (const secret of expandSecrets(secrets)) {
    result = result.split(secret).join(REMOVED);
  }
  return result;
}

// Strings shorter than this are too likely to match ordinary words to be removed.
const MIN_SECRET_LENGTH = 8;

function expandSecrets(secrets) {
  const expanded = new Set();
  for (const secret of secrets) {
    const text = String(secret ?? '').trim();
    expanded.add(text);
    for (const token of text.match(JWT_PATTERN) ?? []) {
      expanded.add(token);
      expanded.add(token.split('.')[2]);
    }
  }
  // Longest first, so that a whole token goes before its signature part.
  return [...expanded]
    .filter((secret) => secret.length >= MIN_SECRET_LENGTH)
    .sort((a, b) => b.length - a.length);
}

function isoTime(seconds) {
  const date = new Date(Number(seconds) * 1000);
  return Number.isNaN(date.getTime()) ? 'unknown' : date.toISOString().replace('.000Z', 'Z');
}
