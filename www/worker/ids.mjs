// Reads the ids a caller puts in the URL. The library's buildSummaryRequest alone decides whether
// an id is valid (empty, dot segments, control characters, the 256-byte limit), so the worker
// returns 400 with the library's own message and never calls fetchSummary with an id it rejects.

import { buildSummaryRequest } from 'zoom-summary-doctor';

/**
 * Decodes one path segment. Returns `{ value }` or `{ error }`, where the error states what to send
 * instead. Only the rules of the route itself live here: the segment must decode, and must stay one
 * segment once decoded.
 */
export function readId(segment, name) {
  let value;
  try {
    value = decodeURIComponent(segment);
  } catch {
    return { error: `${name} is not valid percent-encoding; send the id exactly as Zoom returned it, percent-encoded once` };
  }

  // Proxies in front of the worker may decode %2F, so an id containing one could reach another route.
  if (/[/\\]/.test(value)) {
    return { error: `${name} contains a path separator; send a single Zoom id without "/" or "\\"` };
  }
  return { value };
}

/**
 * Checks a summary target with the library. Returns `{ target }` or `{ error }` carrying the
 * library's message. Errors other than `invalid_argument` are thrown.
 */
export function checkTarget(target) {
  try {
    // The time only affects warnings about the token, and no token is passed here.
    buildSummaryRequest(target, { now: 0 });
  } catch (error) {
    if (error?.code === 'invalid_argument') {
      return { error: error.message };
    }
    throw error;
  }
  return { target };
}
