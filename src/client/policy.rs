//! The retry policy: after a failed attempt, decide whether to wait and retry, mint a new token and
//! retry, or give up, all within one deadline per request.
//!
//! The policy is sans-IO. It takes what the failure was, how many attempts were made and how much
//! time is left, plus one random number for jitter, so tests can drive it with fixed numbers.

/// The failure of one attempt, reduced to what the retry decision needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureClass {
    /// A per-second rate limit (HTTP 429 with `X-RateLimit-Type: QPS`, or the per-second message).
    /// `retry_after_ms` is the wait the response asked for, when it asked.
    PerSecondLimit {
        /// Milliseconds until Zoom accepts calls again, from `Retry-After` or `X-RateLimit-Reset`.
        retry_after_ms: Option<u64>,
    },
    /// A daily rate limit: retrying before the reset time only spends more of the quota.
    DailyLimit,
    /// Zoom rejected the token (code 124, invalid or expired). A freshly minted token may work.
    TokenRejected,
    /// A 5xx response, a network error or a timed-out attempt: the same request may succeed later.
    Transient,
    /// Anything a retry cannot fix: missing scope, unknown user, bad input and so on.
    Permanent,
}

/// The policy's verdict after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Wait `delay_ms` milliseconds, then send the same request again.
    Retry {
        /// Milliseconds to wait before the next attempt.
        delay_ms: u64,
    },
    /// Mint a new token, bypassing every cache, and send the request once more.
    RemintAndRetry,
    /// Stop and report the last failure.
    GiveUp(GiveUpReason),
}

/// The reason the policy stopped retrying.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GiveUpReason {
    /// The failure is not one a retry can fix.
    NotRetryable,
    /// The retries allowed for this kind of failure are used up.
    RetriesExhausted,
    /// The next attempt could not start and finish before the request's deadline.
    DeadlineTooClose,
}

/// The state of one request's attempts so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AttemptState {
    /// Attempts already made, including the one that just failed.
    pub attempts: u32,
    /// Retries already spent on per-second rate limits.
    pub rate_limit_retries: u32,
    /// Retries already spent on transient failures.
    pub transient_retries: u32,
    /// True once a token has been re-minted for this request.
    pub reminted: bool,
    /// Milliseconds left before the request's deadline.
    pub remaining_ms: u64,
}

/// Limits of the retry policy. [`RetryPolicy::default`] gives the values the worker uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Maximum retries after per-second rate limits. Defaults to 3.
    pub max_rate_limit_retries: u32,
    /// Maximum retries after transient failures. Defaults to 3.
    pub max_transient_retries: u32,
    /// Upper bound of the first backoff window, in milliseconds. Defaults to 200.
    pub base_delay_ms: u64,
    /// Cap of any backoff window, in milliseconds. Defaults to 2,000.
    pub max_delay_ms: u64,
    /// Time an attempt needs at least, in milliseconds: a retry that would leave less than this
    /// before the deadline is not started. Defaults to 250.
    pub min_attempt_ms: u64,
    /// Timeout of one upstream call, in milliseconds, before the deadline shortens it. Defaults to
    /// 4,000, so a hanging call still leaves time for a retry within a 10-second deadline.
    pub attempt_timeout_ms: u64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_rate_limit_retries: 3,
            max_transient_retries: 3,
            base_delay_ms: 200,
            max_delay_ms: 2_000,
            min_attempt_ms: 250,
            attempt_timeout_ms: 4_000,
        }
    }
}

impl RetryPolicy {
    /// Decides what to do after a failed attempt.
    ///
    /// `random` is a number in `[0, 1)` that spreads the backoff ("full jitter": a delay drawn
    /// uniformly between zero and the backoff window), so many callers that failed together do not
    /// retry together. Values outside the range are clamped.
    pub fn decide(&self, failure: FailureClass, state: &AttemptState, random: f64) -> Decision {
        match failure {
            FailureClass::Permanent => Decision::GiveUp(GiveUpReason::NotRetryable),
            FailureClass::DailyLimit => Decision::GiveUp(GiveUpReason::NotRetryable),
            FailureClass::TokenRejected => self.decide_token_rejected(state),
            FailureClass::PerSecondLimit { retry_after_ms } => self.decide_rate_limited(retry_after_ms, state, random),
            FailureClass::Transient => self.decide_transient(state, random),
        }
    }

    /// Returns the timeout for the next upstream call: the per-call timeout, shortened to the time
    /// left before the deadline.
    pub fn attempt_timeout_ms(&self, remaining_ms: u64) -> u64 {
        self.attempt_timeout_ms.min(remaining_ms)
    }

    fn decide_token_rejected(&self, state: &AttemptState) -> Decision {
        if state.reminted {
            return Decision::GiveUp(GiveUpReason::RetriesExhausted);
        }
        if state.remaining_ms < self.min_attempt_ms {
            return Decision::GiveUp(GiveUpReason::DeadlineTooClose);
        }
        Decision::RemintAndRetry
    }

    fn decide_rate_limited(&self, retry_after_ms: Option<u64>, state: &AttemptState, random: f64) -> Decision {
        if state.rate_limit_retries >= self.max_rate_limit_retries {
            return Decision::GiveUp(GiveUpReason::RetriesExhausted);
        }

        // Jitter goes on top of the server's wait, never below it: retrying early earns another 429.
        let jitter = self.backoff_ms(state.rate_limit_retries, random);
        let delay_ms = match retry_after_ms {
            Some(wait) => wait.saturating_add(jitter / 4),
            None => jitter,
        };
        self.retry_within_deadline(delay_ms, state)
    }

    fn decide_transient(&self, state: &AttemptState, random: f64) -> Decision {
        if state.transient_retries >= self.max_transient_retries {
            return Decision::GiveUp(GiveUpReason::RetriesExhausted);
        }

        let delay_ms = self.backoff_ms(state.transient_retries, random);
        self.retry_within_deadline(delay_ms, state)
    }

    fn retry_within_deadline(&self, delay_ms: u64, state: &AttemptState) -> Decision {
        if delay_ms.saturating_add(self.min_attempt_ms) > state.remaining_ms {
            return Decision::GiveUp(GiveUpReason::DeadlineTooClose);
        }
        Decision::Retry { delay_ms }
    }

    /// Draws a full-jitter delay for the `retry`-th retry (counting from 0): uniform in
    /// `[0, min(max_delay, base_delay * 2^retry))`.
    fn backoff_ms(&self, retry: u32, random: f64) -> u64 {
        let window = self.base_delay_ms.saturating_mul(1u64 << retry.min(20)).min(self.max_delay_ms);
        let fraction = if random.is_finite() { random.clamp(0.0, 1.0) } else { 0.0 };
        (window as f64 * fraction) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(remaining_ms: u64) -> AttemptState {
        AttemptState { attempts: 1, remaining_ms, ..AttemptState::default() }
    }

    #[test]
    fn permanent_failure_gives_up() {
        let decision = RetryPolicy::default().decide(FailureClass::Permanent, &state(10_000), 0.5);
        assert_eq!(decision, Decision::GiveUp(GiveUpReason::NotRetryable));
    }

    #[test]
    fn daily_limit_is_never_retried() {
        let decision = RetryPolicy::default().decide(FailureClass::DailyLimit, &state(10_000), 0.5);
        assert_eq!(decision, Decision::GiveUp(GiveUpReason::NotRetryable));
    }

    #[test]
    fn rejected_token_remints_once() {
        let policy = RetryPolicy::default();
        let first = policy.decide(FailureClass::TokenRejected, &state(10_000), 0.5);
        assert_eq!(first, Decision::RemintAndRetry);

        let after_remint = AttemptState { reminted: true, ..state(10_000) };
        let second = policy.decide(FailureClass::TokenRejected, &after_remint, 0.5);
        assert_eq!(second, Decision::GiveUp(GiveUpReason::RetriesExhausted));
    }

    #[test]
    fn per_second_limit_waits_at_least_retry_after() {
        let policy = RetryPolicy::default();
        let failure = FailureClass::PerSecondLimit { retry_after_ms: Some(1_000) };
        for random in [0.0, 0.3, 0.999] {
            let Decision::Retry { delay_ms } = policy.decide(failure, &state(10_000), random) else {
                panic!("expected a retry for random {random}");
            };
            assert!(delay_ms >= 1_000, "delay {delay_ms} is shorter than Retry-After");
            assert!(delay_ms <= 1_000 + policy.base_delay_ms, "delay {delay_ms} adds too much jitter");
        }
    }

    #[test]
    fn per_second_limit_stops_after_max_retries() {
        let policy = RetryPolicy::default();
        let spent = AttemptState { rate_limit_retries: policy.max_rate_limit_retries, ..state(10_000) };
        let decision = policy.decide(FailureClass::PerSecondLimit { retry_after_ms: None }, &spent, 0.5);
        assert_eq!(decision, Decision::GiveUp(GiveUpReason::RetriesExhausted));
    }

    #[test]
    fn full_jitter_spans_the_window() {
        let policy = RetryPolicy::default();
        let low = policy.decide(FailureClass::Transient, &state(10_000), 0.0);
        let high = policy.decide(FailureClass::Transient, &state(10_000), 0.999_999);
        assert_eq!(low, Decision::Retry { delay_ms: 0 });
        assert_eq!(high, Decision::Retry { delay_ms: 199 });
    }

    #[test]
    fn backoff_window_doubles_up_to_the_cap() {
        let policy = RetryPolicy::default();
        let windows: Vec<u64> = (0..6).map(|retry| policy.backoff_ms(retry, 0.999_999_9)).collect();
        assert_eq!(windows, vec![199, 399, 799, 1_599, 1_999, 1_999]);
    }

    #[test]
    fn transient_retries_are_bounded() {
        let policy = RetryPolicy::default();
        let spent = AttemptState { transient_retries: 3, ..state(10_000) };
        let decision = policy.decide(FailureClass::Transient, &spent, 0.5);
        assert_eq!(decision, Decision::GiveUp(GiveUpReason::RetriesExhausted));
    }

    #[test]
    fn retry_past_deadline_gives_up() {
        let policy = RetryPolicy::default();
        let failure = FailureClass::PerSecondLimit { retry_after_ms: Some(5_000) };
        let decision = policy.decide(failure, &state(3_000), 0.5);
        assert_eq!(decision, Decision::GiveUp(GiveUpReason::DeadlineTooClose));
    }

    #[test]
    fn remint_needs_time_left() {
        let decision = RetryPolicy::default().decide(FailureClass::TokenRejected, &state(100), 0.5);
        assert_eq!(decision, Decision::GiveUp(GiveUpReason::DeadlineTooClose));
    }

    #[test]
    fn odd_random_values_are_clamped() {
        let policy = RetryPolicy::default();
        for random in [f64::NAN, f64::INFINITY, -3.0, 7.0] {
            let decision = policy.decide(FailureClass::Transient, &state(10_000), random);
            assert!(matches!(decision, Decision::Retry { delay_ms } if delay_ms <= 200), "random {random}");
        }
    }

    #[test]
    fn attempt_timeout_is_cut_by_deadline() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.attempt_timeout_ms(10_000), 4_000);
        assert_eq!(policy.attempt_timeout_ms(1_500), 1_500);
    }
}

#[cfg(test)]
mod proptests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn retry_never_outlives_deadline(
            retry_after in proptest::option::of(0u64..20_000),
            remaining in 0u64..20_000,
            retries in 0u32..5,
            random in 0.0f64..1.0,
        ) {
            let policy = RetryPolicy::default();
            let state = AttemptState { attempts: 1, rate_limit_retries: retries, transient_retries: retries, remaining_ms: remaining, reminted: false };
            for failure in [FailureClass::PerSecondLimit { retry_after_ms: retry_after }, FailureClass::Transient] {
                if let Decision::Retry { delay_ms } = policy.decide(failure, &state, random) {
                    prop_assert!(delay_ms + policy.min_attempt_ms <= remaining);
                }
            }
        }
    }
}
