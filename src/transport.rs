//! The only module that performs HTTP: `fetch` on the JavaScript global, in Workers, browsers and Node.
//!
//! The global `fetch` is bound directly instead of through `window` or `WorkerGlobalScope`, because
//! Node's global object is neither (gloo-net panics there for that reason). Callers may pass their own
//! `fetch` function, such as a Worker service binding or a test double.
//!
//! Every call has a timeout, enforced with an `AbortController` and `setTimeout`: Workers hold
//! `Date.now()` still between I/O, so only a timer can end a call that never responds.

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

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

/// An HTTP response as plain data. Redirects are not followed, so `status` may be a 3xx.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// The HTTP status code. 0 when the runtime hid the response (an opaque redirect in browsers).
    pub status: u16,
    /// Header names (lower case) and values.
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
}

impl std::fmt::Display for TransportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TransportError::TimedOut { timeout_ms } => write!(f, "no response within {timeout_ms} ms"),
            TransportError::Network(message) => write!(f, "network error: {message}"),
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

/// Sends `request` and reads the whole response body, giving up after `timeout_ms`.
///
/// `fetch` replaces the global `fetch` when given; it is called as `fetch(url, init)` and must return a
/// promise of a `Response`. Redirects are returned, not followed, so the caller decides where a token
/// may go.
pub async fn send(request: &HttpRequest, fetch: Option<&Function>, timeout_ms: u64) -> Result<HttpResponse, TransportError> {
    let controller = web_sys::AbortController::new().map_err(|err| TransportError::Network(describe(&err)))?;
    let abort = Closure::once_into_js({
        let controller = controller.clone();
        move || controller.abort()
    });
    let timer = set_timeout(abort.unchecked_ref(), timeout_ms as f64);

    let result = send_with_signal(request, fetch, &controller.signal()).await;
    clear_timeout(&timer);

    // An abort surfaces as a rejected promise whatever the runtime names it, so the signal decides.
    match result {
        Err(_) if controller.signal().aborted() => Err(TransportError::TimedOut { timeout_ms }),
        other => other,
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

async fn send_with_signal(request: &HttpRequest, fetch: Option<&Function>, signal: &web_sys::AbortSignal) -> Result<HttpResponse, TransportError> {
    let init = build_init(request, signal).map_err(|err| TransportError::Network(describe(&err)))?;
    let promise = call_fetch(fetch, &request.url, &init).map_err(|err| TransportError::Network(describe(&err)))?;
    let response = JsFuture::from(promise).await.map_err(|err| TransportError::Network(describe(&err)))?;
    read_response(response).await.map_err(|err| TransportError::Network(describe(&err)))
}

fn call_fetch(fetch: Option<&Function>, url: &str, init: &JsValue) -> Result<Promise, JsValue> {
    let Some(fetch) = fetch else {
        return global_fetch(url, init);
    };

    let returned = fetch.call2(&JsValue::UNDEFINED, &JsValue::from_str(url), init)?;
    // A custom fetch may return a plain value; Promise.resolve wraps it either way.
    Ok(Promise::resolve(&returned))
}

fn build_init(request: &HttpRequest, signal: &web_sys::AbortSignal) -> Result<JsValue, JsValue> {
    let headers = Object::new();
    for (name, value) in &request.headers {
        Reflect::set(&headers, &JsValue::from_str(name), &JsValue::from_str(value))?;
    }

    let init = Object::new();
    Reflect::set(&init, &"method".into(), &JsValue::from_str(&request.method))?;
    Reflect::set(&init, &"headers".into(), &headers)?;
    Reflect::set(&init, &"redirect".into(), &"manual".into())?;
    Reflect::set(&init, &"signal".into(), signal)?;
    if let Some(body) = &request.body {
        Reflect::set(&init, &"body".into(), &JsValue::from_str(body))?;
    }
    Ok(init.into())
}

async fn read_response(response: JsValue) -> Result<HttpResponse, JsValue> {
    let status = Reflect::get(&response, &"status".into())?.as_f64().unwrap_or(0.0);
    let headers = read_headers(&Reflect::get(&response, &"headers".into())?)?;

    let text = Reflect::get(&response, &"text".into())?.dyn_into::<Function>()?;
    let body = JsFuture::from(Promise::resolve(&text.call0(&response)?)).await?;

    Ok(HttpResponse {
        status: status.clamp(0.0, f64::from(u16::MAX)) as u16,
        headers,
        body: body.as_string().unwrap_or_default(),
    })
}

fn read_headers(headers: &JsValue) -> Result<Vec<(String, String)>, JsValue> {
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

/// Returns the message of a thrown JavaScript value, which may be an `Error`, a string or anything.
pub(crate) fn describe(value: &JsValue) -> String {
    if let Some(error) = value.dyn_ref::<js_sys::Error>() {
        return String::from(error.message());
    }
    value.as_string().unwrap_or_else(|| "unknown error".to_owned())
}
