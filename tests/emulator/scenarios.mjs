// The failures the emulator reproduces. A summary id `scenario-<name>` triggers the failure named
// here on every request (or only the first, for names ending in `_once`).
//
// Status codes, Zoom codes and messages come from Zoom's Phone OpenAPI document
// (https://developers.zoom.us/docs/api/phone/), Zoom's error page
// (https://developers.zoom.us/docs/api/errors) and the forum threads named on each entry. Entries
// marked "test device" have no public source: they exist to exercise the worker's own handling.

const SCOPE_MESSAGE = 'Invalid access token, does not contain scopes:';

function zoomError(status, code, message, headers = {}) {
  return { status, headers, body: { code, message } };
}

/** Returns the next 00:00:00 UTC after `now` (epoch seconds) as an ISO 8601 date-time. */
function nextUtcMidnight(now) {
  const day = 86400;
  return new Date((Math.floor(now / day) + 1) * day * 1000).toISOString().replace('.000Z', 'Z');
}

// Per-second limit: message and headers from Zoom's rate-limit page, quoted in
// https://devforum.zoom.us/t/zoom-api-create-meeting-api-rate-limit-sample-error-when-breaching-limit/18928
function perSecondLimit({ now, withHeaders }) {
  const headers = withHeaders
    ? {
        'x-ratelimit-category': 'Medium',
        'x-ratelimit-type': 'QPS',
        'x-ratelimit-limit': '20',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(now + 1),
      }
    : {};
  return zoomError(429, 429, 'You have reached the maximum per-second rate limit for this API. Try again later.', headers);
}

// Daily limit: the documented example carries an ISO 8601 `Retry-After`; a real capture in the same
// thread carried only category, limit and remaining, which is the `withHeaders: false` form.
function dailyLimit({ now, withHeaders }) {
  const headers = withHeaders
    ? {
        'x-ratelimit-category': 'Medium',
        'x-ratelimit-type': 'Daily-limit',
        'x-ratelimit-limit': '30000',
        'x-ratelimit-remaining': '0',
        'retry-after': nextUtcMidnight(now),
      }
    : { 'x-ratelimit-category': 'Medium', 'x-ratelimit-limit': '30000', 'x-ratelimit-remaining': '0' };
  const message =
    'You have reached the maximum daily rate limit for this API. Refer to the response header for details on when you can make another request.';
  return zoomError(429, 429, message, headers);
}

// Zoom's API sits behind Cloudflare (https://devforum.zoom.us/t/jwt-authentication-starts-return-401-at-2023-06-09-13-00-utc-9/89884),
// so its 5xx responses are HTML pages, not Zoom JSON.
function unavailablePage() {
  const html =
    '<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n' +
    '<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n';
  return { status: 503, headers: { 'content-type': 'text/html' }, body: html };
}

/**
 * Scenario table. Each entry builds the response from `{ now, userId, origin }`; `once: true` entries
 * fail on the first request after start or reset and succeed afterwards.
 */
export const SCENARIOS = {
  // Code 4700 with a space before the bracket: https://devforum.zoom.us/t/admin-cant-see-scopes/95961
  missing_scope: {
    answer: () => zoomError(400, 4700, `${SCOPE_MESSAGE} [phone:read:ai_call_summary:admin].`),
  },
  // Code 104 on the master-account path even after adding the scope, from
  // https://devforum.zoom.us/t/ai-call-summary-400-error-despite-correct-scope-phoneai-call-summary-master/132138
  master_account_required: {
    answer: () => zoomError(400, 104, `${SCOPE_MESSAGE} [phone:read:ai_call_summary:master].`),
  },
  permission_denied: {
    answer: () => zoomError(403, 403, 'You do not have permission.'),
  },
  user_not_found: {
    answer: ({ userId }) => zoomError(404, 1001, `User does not exist: ${userId}.`),
  },
  // The summary endpoint documents a bare 404 with no Zoom code.
  summary_not_found: {
    answer: () => ({ status: 404, headers: {}, body: { message: 'Not Found' } }),
  },
  rate_limited_qps: { answer: ({ now }) => perSecondLimit({ now, withHeaders: true }) },
  rate_limited_qps_once: { once: true, answer: ({ now }) => perSecondLimit({ now, withHeaders: true }) },
  rate_limited_qps_bare: { answer: ({ now }) => perSecondLimit({ now, withHeaders: false }) },
  rate_limited_daily: { answer: ({ now }) => dailyLimit({ now, withHeaders: true }) },
  rate_limited_daily_bare: { answer: ({ now }) => dailyLimit({ now, withHeaders: false }) },
  phone_not_enabled: {
    answer: () => zoomError(403, 2031, 'Zoom Phone has not been enabled for this account.'),
  },
  upstream_unavailable: { answer: unavailablePage },
  token_expired: {
    answer: () => zoomError(401, 124, 'Access token has expired.'),
  },
  // Test device: the server closes the connection without responding.
  connection_reset: { answer: () => ({ reset: true }) },
  // Test device: a redirect to a host that must never receive the token.
  redirect_external: {
    answer: () => ({ status: 302, headers: { location: 'https://attacker.invalid/v2/collect' }, body: '' }),
  },
  // Test device: a redirect back to the emulator's demo summary, which a client may follow.
  redirect_local: {
    answer: ({ origin }) => ({
      status: 307,
      headers: { location: `${origin}/v2/phone/user/demo-user/ai_call_summary/demo-summary` },
      body: '',
    }),
  },
};

/** Scenario names handled by the server itself rather than by the table. */
export const SERVER_SCENARIOS = ['token_invalid_once', 'slow'];

/** Returns every scenario name the emulator handles. */
export function scenarioNames() {
  return [...Object.keys(SCENARIOS), ...SERVER_SCENARIOS];
}
