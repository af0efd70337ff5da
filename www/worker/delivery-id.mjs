// The dedupe key and the delivery id of a summary version. Both depend only on the event, so every
// repeat of an event and every retry of its delivery gets the same ones.

/**
 * Returns the dedupe key of a summary version: the account, the summary id and `modified_time`, or
 * `event_ts` when the event has no `modified_time`.
 */
export function dedupeKeyFor({ accountId, summaryId, modifiedTime, eventTs }) {
  const version = modifiedTime !== null ? `modified:${modifiedTime}` : `event_ts:${eventTs ?? 'none'}`;
  return `${accountId ?? ''}/${summaryId}/${version}`;
}

/**
 * Derives the delivery id from the dedupe key: a name-based UUID version 8 over SHA-256, as RFC 9562
 * appendix B.2 describes. Every retry of one summary version, and every repeat of its event, gets
 * the same id.
 */
export async function deliveryIdFor(dedupeKey) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`zoom-summary-doctor delivery:${dedupeKey}`));
  const bytes = new Uint8Array(digest).slice(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;

  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
