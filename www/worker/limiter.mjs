// A sliding-window rate limiter: at most `ratePerSecond` grants in any window of one second.
//
// Zoom counts per-second limits per account, and its exact window is undocumented, so a sliding
// window is the safe reading: it never exceeds the rate in any one-second span, whatever the
// alignment. Callers are queued (given a wait in milliseconds) rather than rejected, up to `maxQueueMs`.

/** Returns `ratePerSecond` for an endpoint's rate-limit label on a Zoom plan. */
export function ratePerSecondFor(plan, label = 'medium') {
  // Zoom Phone API limits per label, for Pro and for Business and higher plans.
  const table = {
    light: { pro: 20, business: 40 },
    medium: { pro: 10, business: 20 },
    heavy: { pro: 5, business: 10 },
  };
  const row = table[label] ?? table.medium;
  return plan === 'pro' ? row.pro : row.business;
}

export class SlidingWindowLimiter {
  /**
   * @param {{ ratePerSecond: number, maxQueueMs: number, windowMs?: number }} options
   */
  constructor({ ratePerSecond, maxQueueMs, windowMs = 1000 }) {
    this.ratePerSecond = Math.max(1, Math.floor(ratePerSecond));
    this.maxQueueMs = maxQueueMs;
    this.windowMs = windowMs;
    // Start times of the last `ratePerSecond` grants, oldest first.
    this.grants = [];
  }

  /**
   * Reserves the next free slot at or after `nowMs`.
   *
   * Returns `{ granted: true, waitMs }` with the wait before the call may start, or
   * `{ granted: false, retryAfterMs }` when the queue is longer than `maxQueueMs`; a rejected
   * caller reserves nothing.
   */
  reserve(nowMs) {
    const slot = this.nextSlot(nowMs);
    const waitMs = slot - nowMs;
    if (waitMs > this.maxQueueMs) {
      return { granted: false, retryAfterMs: waitMs };
    }

    this.grants.push(slot);
    if (this.grants.length > this.ratePerSecond) {
      this.grants.shift();
    }
    return { granted: true, waitMs };
  }

  // The grant `ratePerSecond` places back must be at least one window older than the new one.
  nextSlot(nowMs) {
    const last = this.grants.at(-1) ?? -Infinity;
    const earliest = Math.max(nowMs, last);
    if (this.grants.length < this.ratePerSecond) {
      return earliest;
    }
    return Math.max(earliest, this.grants[0] + this.windowMs);
  }
}
