//! The only module that performs HTTP: `fetch` on the JavaScript global, in Workers, browsers and Node.
//!
//! The global `fetch` is bound directly instead of through `window` or `WorkerGlobalScope`, because
//! Node's global object is neither (gloo-net panics there for that reason). Callers may pass their own
//! `fetch` function, such as a Worker service binding or a test double.
//!
//! Every call has a timeout, enforced with `setTimeout`: Workers hold `Date.now()` still between
//! I/O, so only a timer can end a call that never responds. The call is raced against the timer
//! and aborted through an `AbortController` when the timer wins, so a `fetch` that ignores its
//! signal still cannot hold the caller past the timeout.

use std::future::Future;
use std::pin::Pin;
use std::task::Poll;

use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::json;

/// An HTTP request as plain data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// The method, such as `GET`.
    pub method: String,
    /// The absolute URL.
    pub url: String,
    /// Header names and values, in order.
    pub headers: Vec<(String, String)>,
    /// The body, for requests that have one.
    pub body: Option<String>,
}

/// The response headers that the client and the failure classifier read. [`send`] reads only
/// these from a `Headers` object, because each header read crosses from wasm into JavaScript and
/// Zoom sends many more.
pub const RESPONSE_HEADERS: &[&str] = &[
    "content-length",
    "content-type",
    "location",
    "retry-after",
    "x-ratelimit-category",
    "x-ratelimit-limit",
    "x-ratelimit-remaining",
    "x-ratelimit-reset",
    "x-ratelimit-type",
    "x-zm-trackingid",
];

/// An HTTP response as plain data. Redirects are not followed, so `status` may be a 3xx.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// The HTTP status code. 0 when the runtime hid the response (an opaque redirect in browsers).
    pub status: u16,
    /// Header names (lower case) and values: those in [`RESPONSE_HEADERS`] that the response has
    /// when its `headers` is a `Headers` object, and every header otherwise.
    pub headers: Vec<(String, String)>,
    /// The body as text.
    pub body: String,
}

impl HttpResponse {
    /// Returns the first value of the header `name`, compared without regard to case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// The reason a call produced no response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransportError {
    /// The call did not finish within its timeout and was aborted.
    TimedOut {
        /// The timeout that ran out, in milliseconds.
        timeout_ms: u64,
    },
    /// `fetch` rejected: DNS failure, refused or reset connection, TLS error, CORS.
    Network(String),
    /// The response body is larger than the caller's limit, so it was not read.
    TooLarge {
        /// The limit in bytes.
        max_bytes: usize,
    },
}

impl std::fmt::Display for TransportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TransportError::TimedOut { timeout_ms } => write!(f, "no response within {timeout_ms} ms"),
            TransportError::Network(message) => write!(f, "network error: {message}"),
            TransportError::TooLarge { max_bytes } => write!(f, "the response body is larger than {max_bytes} bytes"),
        }
    }
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch, catch)]
    fn global_fetch(url: &str, init: &JsValue) -> Result<Promise, JsValue>;

    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, delay_ms: f64) -> JsValue;

    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(handle: &JsValue);
}

/// Sends `request` and reads the response body, giving up after `timeout_ms`.
///
/// `fetch` replaces the global `fetch` when given; it is called as `fetch(url, init)` and must return a
/// promise of a `Response`. Redirects are returned, not followed, so the caller decides where a token
/// may go. A body over `max_body_bytes` is not returned.
pub async fn send(request: &HttpRequest, fetch: Option<&Function>, timeout_ms: u64, max_body_bytes: usize) -> Result<HttpResponse, TransportError> {
    let controller = web_sys::AbortController::new().map_err(network_error)?;

    let outcome = with_timeout(send_with_signal(request, fetch, &controller.signal(), max_body_bytes), timeout_ms).await;
    match outcome {
        Some(result) => result,
        None => {
            controller.abort();
            Err(TransportError::TimedOut { timeout_ms })
        }
    }
}

/// Runs `work` until it finishes or `timeout_ms` passes, whichever comes first; `None` means the
/// timer won. The work is dropped unfinished then, so a JavaScript promise it awaited may still
/// settle later, unobserved.
pub async fn with_timeout<F: Future>(work: F, timeout_ms: u64) -> Option<F::Output> {
    let mut work = std::pin::pin!(work);
    let mut timer = Timer::start(timeout_ms);

    let outcome = std::future::poll_fn(|context| {
        if let Poll::Ready(output) = work.as_mut().poll(context) {
            return Poll::Ready(Some(output));
        }
        if Pin::new(&mut timer.fired).poll(context).is_ready() {
            return Poll::Ready(None);
        }
        Poll::Pending
    })
    .await;

    timer.cancel();
    outcome
}

/// A `setTimeout` whose firing is a future; cancelled so Node's event loop is not kept alive.
struct Timer {
    handle: JsValue,
    fired: JsFuture,
}

impl Timer {
    fn start(ms: u64) -> Timer {
        let mut handle = JsValue::UNDEFINED;
        let promise = Promise::new(&mut |resolve, _reject| {
            handle = set_timeout(&resolve, ms as f64);
        });
        Timer { handle, fired: JsFuture::from(promise) }
    }

    fn cancel(&self) {
        clear_timeout(&self.handle);
    }
}

/// Waits `ms` milliseconds on a JavaScript timer.
pub async fn sleep(ms: u64) {
    let promise = Promise::new(&mut |resolve, _reject| {
        set_timeout(&resolve, ms as f64);
    });
    // The promise only ever resolves.
    let _ = JsFuture::from(promise).await;
}

async fn send_with_signal(
    request: &HttpRequest,
    fetch: Option<&Function>,
    signal: &web_sys::AbortSignal,
    max_body_bytes: usize,
) -> Result<HttpResponse, TransportError> {
    let init = build_init(request, signal).map_err(network_error)?;
    let promise = call_fetch(fetch, &request.url, &init).map_err(network_error)?;
    let response = JsFuture::from(promise).await.map_err(network_error)?;
    read_response(response, max_body_bytes).await
}

fn call_fetch(fetch: Option<&Function>, url: &str, init: &JsValue) -> Result<Promise, JsValue> {
    let Some(fetch) = fetch else {
        return global_fetch(url, init);
    };

    let returned = fetch.call2(&JsValue::UNDEFINED, &JsValue::from_str(url), init)?;
    // A custom fetch may return a plain value.
    into_promise(&returned)
}

/// Returns `value.then` when it is a function, reading the property once. A `then` getter that
/// throws returns its exception, which `await` would reject with.
pub(crate) fn then_method(value: &JsValue) -> Result<Option<Function>, JsValue> {
    if !value.is_object() && !value.is_function() {
        return Ok(None);
    }
    let then = Reflect::get(value, &"then".into())?;
    Ok(then.dyn_into::<Function>().ok())
}

/// Returns a promise that settles as `await value` would.
///
/// `Promise.resolve` is not used because it reads a promise's `constructor`, and an exception from
/// that getter would pass through wasm while a future is polled and leave the call unsettled.
pub(crate) fn into_promise(value: &JsValue) -> Result<Promise, JsValue> {
    Ok(promise_from(value, then_method(value)?))
}

/// Returns a promise that settles as `await value` would, given `value.then` as `then_method`
/// returned it, so that the property is read only once.
pub(crate) fn promise_from(value: &JsValue, then: Option<Function>) -> Promise {
    let value = value.clone();
    Promise::new(&mut |resolve, reject| {
        let settled = match &then {
            Some(then) => then.call2(&value, &resolve, &reject),
            None => resolve.call1(&JsValue::UNDEFINED, &value),
        };
        if let Err(thrown) = settled {
            let _ = reject.call1(&JsValue::UNDEFINED, &thrown);
        }
    })
}

fn build_init(request: &HttpRequest, signal: &web_sys::AbortSignal) -> Result<JsValue, JsValue> {
    // The plain members are written as JSON text and parsed in one call, which costs less wasm
    // than one `Reflect.set` per member. Only the signal has to be set on the parsed object.
    let mut text = String::with_capacity(256);
    text.push_str("{\"method\":");
    json::string(&mut text, &request.method);
    text.push_str(",\"headers\":{");
    for (index, (name, value)) in request.headers.iter().enumerate() {
        if index > 0 {
            text.push(',');
        }
        json::string(&mut text, name);
        text.push(':');
        json::string(&mut text, value);
    }
    text.push_str("},\"redirect\":\"manual\"");
    if let Some(body) = &request.body {
        text.push_str(",\"body\":");
        json::string(&mut text, body);
    }
    text.push('}');

    let init = js_sys::JSON::parse(&text)?;
    Reflect::set(&init, &"signal".into(), signal)?;
    Ok(init)
}

async fn read_response(response: JsValue, max_body_bytes: usize) -> Result<HttpResponse, TransportError> {
    let status = Reflect::get(&response, &"status".into()).map_err(network_error)?.as_f64().unwrap_or(0.0);
    let headers = read_headers(&Reflect::get(&response, &"headers".into()).map_err(network_error)?).map_err(network_error)?;

    // A declared length over the limit is rejected before any of the body is read.
    let declared = headers.iter().find(|(name, _)| name == "content-length").and_then(|(_, value)| value.trim().parse::<u64>().ok());
    if declared.is_some_and(|length| length > max_body_bytes as u64) {
        cancel_body(&response);
        return Err(TransportError::TooLarge { max_bytes: max_body_bytes });
    }

    // NOTE: a body without Content-Length is read whole and measured afterwards, so a huge chunked
    // body still costs memory before it is rejected. Reading `response.body` chunk by chunk would
    // stop at the limit.
    let text = Reflect::get(&response, &"text".into()).map_err(network_error)?.dyn_into::<Function>().map_err(network_error)?;
    let body = JsFuture::from(into_promise(&text.call0(&response).map_err(network_error)?).map_err(network_error)?).await.map_err(network_error)?;
    let body = body.as_string().unwrap_or_default();
    if body.len() > max_body_bytes {
        return Err(TransportError::TooLarge { max_bytes: max_body_bytes });
    }

    Ok(HttpResponse { status: status.clamp(0.0, f64::from(u16::MAX)) as u16, headers, body })
}

/// Cancels an unread body so the connection is released; a failure only means there was no body.
fn cancel_body(response: &JsValue) {
    let body = Reflect::get(response, &"body".into()).unwrap_or(JsValue::UNDEFINED);
    let cancel = Reflect::get(&body, &"cancel".into()).ok().and_then(|cancel| cancel.dyn_into::<Function>().ok());
    if let Some(cancel) = cancel {
        if let Ok(returned) = cancel.call0(&body) {
            // The returned promise rejects when the stream is locked; that rejection is not an error here.
            let ignore = Closure::once_into_js(|_: JsValue| {});
            let catch = Reflect::get(&returned, &"catch".into()).ok().and_then(|catch| catch.dyn_into::<Function>().ok());
            if let Some(catch) = catch {
                let _ = catch.call1(&returned, &ignore);
            }
        }
    }
}

fn read_headers(headers: &JsValue) -> Result<Vec<(String, String)>, JsValue> {
    if let Some(headers) = headers.dyn_ref::<web_sys::Headers>() {
        return read_known_headers(headers);
    }

    // A custom `fetch` may return a response whose headers are a Map or a list of pairs.
    let Some(entries) = js_sys::try_iter(headers)? else {
        return Ok(Vec::new());
    };

    let mut pairs = Vec::new();
    for entry in entries {
        let entry: Array = entry?.dyn_into()?;
        let name = entry.get(0).as_string().unwrap_or_default().to_ascii_lowercase();
        let value = entry.get(1).as_string().unwrap_or_default();
        pairs.push((name, value));
    }
    Ok(pairs)
}

/// Reads the headers in [`RESPONSE_HEADERS`]. `Headers.get` matches names without regard to case
/// and joins repeated headers with ", ", as iterating the object would.
fn read_known_headers(headers: &web_sys::Headers) -> Result<Vec<(String, String)>, JsValue> {
    let mut pairs = Vec::new();
    for name in RESPONSE_HEADERS {
        if let Some(value) = headers.get(name)? {
            pairs.push(((*name).to_owned(), value));
        }
    }
    Ok(pairs)
}

/// Wraps a value that `fetch` or the response threw as a network error. One function for every
/// call site, rather than a closure each, keeps the async state machines smaller.
fn network_error(thrown: JsValue) -> TransportError {
    TransportError::Network(describe(&thrown))
}

/// Returns the message of a thrown JavaScript value, which may be an `Error`, a string or anything.
pub(crate) fn describe(value: &JsValue) -> String {
    if let Some(error) = value.dyn_ref::<js_sys::Error>() {
        return String::from(error.message());
    }
    value.as_string().unwrap_or_else(|| "unknown error".to_owned())
}
