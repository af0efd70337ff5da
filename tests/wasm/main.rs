//! Tests of the JavaScript boundary, run by wasm-bindgen's test runner in Node and in headless
//! Chromium: what a JS caller receives (object shapes, thrown errors, `null` arguments).
//!
//! Run with `cargo test --target wasm32-unknown-unknown --test wasm`; set
//! `WASM_BINDGEN_USE_BROWSER=1` to run the same tests in Chromium. Each binding area adds one
//! module here.
#![cfg(target_arch = "wasm32")]

mod support;
mod token;
