//! Helpers shared by the boundary tests: the token cases, option objects and error checks.

use js_sys::{Error, Object, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};

/// The clock every case is judged at: 2025-12-01T12:00:00Z.
pub const NOW: f64 = 1_764_590_400.0;

const TOKEN_CASES: &str = include_str!("../cases/tokens.json");

/// Returns the `input` of the case with `id` in tests/cases/tokens.json.
pub fn token_case(id: &str) -> String {
    let cases: serde_json::Value = serde_json::from_str(TOKEN_CASES).expect("tokens.json is valid JSON");
    let case = cases
        .as_array()
        .and_then(|cases| cases.iter().find(|case| case["id"] == id))
        .unwrap_or_else(|| panic!("tokens.json has no case {id}"));
    case["input"].as_str().expect("case input is a string").to_owned()
}

/// Builds the options object `{ [key]: value }`.
pub fn options(key: &str, value: JsValue) -> JsValue {
    let object = Object::new();
    Reflect::set(&object, &JsValue::from_str(key), &value).expect("set on a fresh object");
    object.into()
}

/// Reads `object[key]`, which is `undefined` when the property is missing.
pub fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).expect("get on an object")
}

/// Returns `JSON.stringify(value)`, the text a caller would log or send on.
pub fn stringify(value: &JsValue) -> String {
    JSON::stringify(value).expect("value is JSON-serialisable").into()
}

/// Asserts that `result` is a thrown JS `Error` with `code` `invalid_argument`, and returns it.
pub fn expect_invalid_argument(result: Result<JsValue, JsValue>, label: &str) -> Error {
    let thrown = match result {
        Ok(value) => panic!("{label}: expected a thrown error, got {}", stringify(&value)),
        Err(thrown) => thrown,
    };
    assert!(thrown.is_instance_of::<Error>(), "{label}: thrown value is not an Error object");

    let error: Error = thrown.unchecked_into();
    assert_eq!(get(&error, "code").as_string().as_deref(), Some("invalid_argument"), "{label}: code");
    let message: String = error.message().into();
    assert!(!message.is_empty(), "{label}: message is empty");
    error
}
