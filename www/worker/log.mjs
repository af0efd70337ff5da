// One JSON line per request. Lines carry ids, statuses and timings only: never a token, a secret,
// an API key or summary text.

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
