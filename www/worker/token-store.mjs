// Holds one account's access token: mints single-flight and refreshes before expiry.
//
// Used inside the TokenBroker Durable Object (one per account, shared by every isolate) and, when
// the worker has no Durable Object binding, inside each isolate on its own.

/** Seconds before `exp` at which a token counts as stale; Zoom's Rivet SDK uses the same 60 s. */
export const REFRESH_MARGIN_SECONDS = 60;

/** Returns the first 12 hex digits of the SHA-256 of `text`, as the crate's `fingerprint` does. */
export async function fingerprint(text) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest).slice(0, 6)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Returns true while a mint result's token has more than the refresh margin left. */
export function isFresh(result, nowSeconds) {
  return Boolean(result?.ok) && result.expiresAt - REFRESH_MARGIN_SECONDS > nowSeconds;
}

export class TokenStore {
  /**
   * @param {() => Promise<object>} mint calls `mintToken` and resolves to its result.
   */
  constructor(mint) {
    this.mint = mint;
    this.current = null;
    this.pending = null;
    this.mints = 0;
  }

  /**
   * Returns a fresh token, minting when there is none, it is stale, or the caller reports that Zoom
   * rejected exactly the token held here (`rejectedFingerprint`). Resolves to the mint result plus
   * `cached`, which is true when no mint happened for this call or when a failed refresh returned
   * the stale token instead.
   */
  async get({ forceRefresh = false, rejectedFingerprint = null } = {}) {
    const checkedToken = this.current;
    const rejected = forceRefresh && (await this.holds(checkedToken, rejectedFingerprint));
    // Another caller's mint can finish while the fingerprint is computed. Its token is not the
    // rejected one, so this caller takes it instead of minting again.
    const current = this.current;
    const nowSeconds = Math.floor(Date.now() / 1000);
    if ((!rejected || current !== checkedToken) && isFresh(current, nowSeconds)) {
      return { ...current, cached: true };
    }

    const minted = await this.mintOnce();
    // A failed refresh falls back to the stale token until it expires, so an outage of Zoom's OAuth
    // endpoint fails requests only once that token has run out. A rejected token is never reused.
    const stale = this.current;
    if (!minted.ok && !rejected && stale?.ok && stale.expiresAt > Math.floor(Date.now() / 1000)) {
      return { ...stale, cached: true };
    }
    return { ...minted, cached: false };
  }

  // A caller that saw an older token rejected gets the newer one instead of forcing another mint.
  async holds(checkedToken, rejectedFingerprint) {
    if (!checkedToken?.ok) {
      return true;
    }
    if (!rejectedFingerprint) {
      return true;
    }
    return (await fingerprint(checkedToken.tokenResponse.access_token)) === rejectedFingerprint;
  }

  // Concurrent callers share one mint: Zoom has invalidated older tokens when many were minted at
  // once (https://devforum.zoom.us/t/randomly-receiving-invalid-access-token-for-server-to-server-oauth/74432).
  mintOnce() {
    if (!this.pending) {
      this.pending = this.mintAndKeep().finally(() => {
        this.pending = null;
      });
    }
    return this.pending;
  }

  async mintAndKeep() {
    this.mints += 1;
    const result = await this.mint();
    if (result.ok) {
      this.current = result;
    }
    return result;
  }
}
