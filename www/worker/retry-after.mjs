// The Retry-After header the worker sends with a failed summary call.

/** Longest Retry-After the worker sends, in seconds: one day, the period of Zoom's daily limits. */
export const MAX_RETRY_AFTER_SECONDS = 86_400;

/**
 * Returns the Retry-After seconds for a response with `status`, or null to leave the header out.
 * The value is a whole number from 1 to MAX_RETRY_AFTER_SECONDS. A 429 always gets one, and 1 s
 * when `retryAfter` is absent, not a number or not positive. Other statuses get one only when
 * `retryAfter` is a positive number.
 */
export function retryAfterFor(status, retryAfter) {
  const seconds = Number(retryAfter ?? Number.NaN);
  if (Number.isFinite(seconds) && seconds > 0) {
    return Math.min(Math.max(1, Math.ceil(seconds)), MAX_RETRY_AFTER_SECONDS);
  }
  return status === 429 ? 1 : null;
}
