//! The Zoom client: mint a Server-to-Server token, fetch a summary, retry within a deadline and
//! explain the failure.
//!
//! [`policy`] decides retries and is plain data, tested natively. The async loop that performs the
//! calls needs `fetch`, so it is compiled for `wasm32` only.

pub mod outcome;
pub mod policy;
pub mod redact;
#[cfg(target_arch = "wasm32")]
pub(crate) mod run;

pub use policy::{AttemptState, Decision, FailureClass, GiveUpReason, RetryPolicy};
