// Checks the ids a caller puts in the URL before any of them reaches Zoom.

/** Maximum id length. Zoom ids are 22 characters, and user ids may also be email addresses of up to 254. */
export const MAX_ID_LENGTH = 254;

/**
 * Decodes one path segment and checks it. Returns `{ value }` or `{ error }`, where the error states
 * what to send instead.
 */
export function readId(segment, name) {
  let value;
  try {
    value = decodeURIComponent(segment);
  } catch {
    return { error: `${name} is not valid percent-encoding; send the id exactly as Zoom returned it, percent-encoded once` };
  }

  if (value.trim() === '') {
    return { error: `${name} is empty; send the Zoom id, such as the user_id or ai_call_summary_id of a phone.ai_call_summary_changed event` };
  }
  if (value.length > MAX_ID_LENGTH) {
    return { error: `${name} is ${value.length} characters long; Zoom ids are 22 characters and emails at most ${MAX_ID_LENGTH}` };
  }
  if (value === '.' || value === '..' || /[/\\]/.test(value)) {
    return { error: `${name} contains a path separator or is a dot segment; send a single Zoom id without "/", "\\" or ".."` };
  }
  // Whitespace and control characters never occur in Zoom ids or email addresses.
  if (/[\s\u0000-\u001f\u007f]/.test(value)) {
    return { error: `${name} contains whitespace or control characters; send the id without them` };
  }
  return { value };
}
