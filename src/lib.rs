//! Explains why a Zoom Phone AI call summary could not be fetched, and builds the request that can.
//!
//! The core is sans-IO: every function here takes plain data (strings, status codes, header lists,
//! an explicit clock) and returns plain data, so it runs under `cargo test` on the host. Only
//! [`transport`] performs HTTP, and only the `bindings` module (compiled for `wasm32`) touches
//! JavaScript values.
//!
//! - [`token`]: read a Zoom access token, an `Authorization` header or a token response.
//! - [`scopes`] and [`catalog`]: scope grammar and the endpoints that serve AI call summaries.
//! - [`request`] and [`preflight`]: build the one right request and say whether a token can succeed.
//! - [`classify`]: turn any Zoom failure into a kind, an explanation and ordered fixes.
//! - [`webhook`]: verify Zoom's signed events and answer URL validation.
#![deny(missing_docs)]

pub mod catalog;
pub mod client;
pub mod classify;
pub mod error;
pub mod json;
pub mod preflight;
pub mod request;
pub mod scopes;
pub mod secret;
mod sort;
mod text;
pub mod time;
pub mod token;
pub mod webhook;

#[cfg(target_arch = "wasm32")]
pub mod transport;

// Public but hidden so that the wasm-bindgen tests in tests/wasm can call the exported functions
// from Rust. JavaScript callers use the names that wasm-bindgen exports, not this path.
#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub mod bindings;

pub use error::{Error, Result};
