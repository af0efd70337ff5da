// One JSON line per request. Lines carry ids, statuses and timings only: never a token, a secret,
// an API key or summary text.

/** Maximum tracking id length kept, in characters. Zoom's are about 50 (`v=2.0;clid=us06;rid=WEB_<32 hex>`). */
export const MAX_TRACKING_ID_LENGTH = 128;

// A JWT is three base64url parts joined by dots, and its header always starts with `eyJ` (`{"`).
const JWT_SHAPED = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.?[A-Za-z0-9_-]*/g;
// A JWT's signature part alone: 43 or more base64url characters (an HMAC-SHA256 signature is 43).
// Zoom's own tracking ids have no run longer than 36.
const SIGNATURE_SHAPED = /[A-Za-z0-9_-]{43,}/g;

/**
 * Returns a Zoom tracking id that is safe to log and return, or null. Anything between Zoom and
 * the worker can set `x-zm-trackingid`, so JWT-shaped and signature-shaped text is replaced by
 * `[redacted]` and the value is cut to MAX_TRACKING_ID_LENGTH.
 */
export function scrubTrackingId(value) {
  if (typeof value !== 'string') {
    return null;
  }
  return value.replace(JWT_SHAPED, '[redacted]').replace(SIGNATURE_SHAPED, '[redacted]').slice(0, MAX_TRACKING_ID_LENGTH);
}

/** Writes the request's log line to the console, where Workers Logs and `wrangler tail` read it. */
export function logRequest(fields) {
  console.log(JSON.stringify({ time: new Date().toISOString(), ...fields }));
}

/** Writes a warning line, such as a missing binding. */
export function logWarning(message, fields = {}) {
  console.warn(JSON.stringify({ time: new Date().toISOString(), level: 'warn', message, ...fields }));
}

/** Writes an error line for an exception the worker caught and turned into a problem document. */
export function logError(message, error, fields = {}) {
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  console.error(JSON.stringify({ time: new Date().toISOString(), level: 'error', message, error: detail, ...fields }));
}
