//! `introspectToken` from the JavaScript side: report shape, thrown errors and options.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;
use zoom_summary_doctor::bindings::token;

use crate::support::{expect_invalid_argument, get, options, stringify, token_case, NOW};

/// Calls `introspectToken` as JavaScript does: `undefined` options arrive as `None`.
fn introspect_token(input: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let options = if options.is_undefined() { None } else { Some(options.unchecked_into()) };
    token::introspect_token(input, options)
}

fn s2s_token() -> String {
    token_case("token-s2s-fresh")
}

fn introspect_at_now(input: &str) -> JsValue {
    introspect_token(JsValue::from_str(input), options("now", JsValue::from_f64(NOW)))
        .unwrap_or_else(|thrown| panic!("introspectToken threw: {}", stringify(&thrown)))
}

#[wasm_bindgen_test]
fn report_uses_camel_case_fields() {
    let report = introspect_at_now(&s2s_token());

    for field in ["kind", "clientId", "accountId", "userId", "issuedAt", "notBefore", "expiresAt", "secondsLeft", "scopeSource"] {
        assert!(!get(&report, field).is_undefined(), "report has no {field}");
    }
    for field in ["client_id", "account_id", "expires_at", "seconds_left", "scope_source"] {
        assert!(get(&report, field).is_undefined(), "report has snake_case field {field}");
    }
}

#[wasm_bindgen_test]
fn report_values_cross_as_js_types() {
    let report = introspect_at_now(&s2s_token());

    assert_eq!(get(&report, "kind").as_string().as_deref(), Some("s2s_access"));
    assert_eq!(get(&report, "clientId").as_string().as_deref(), Some("-UAdtXqXePEMtRG8neDjda"));
    assert_eq!(get(&report, "expiresAt").as_f64(), Some(1_764_593_400.0));
    assert_eq!(get(&report, "expired").as_bool(), Some(false));
    assert!(get(&report, "scopes").is_null(), "scopes of a bare token is null");
    assert!(js_sys::Array::is_array(&get(&report, "warnings")), "warnings is an array");
}

#[wasm_bindgen_test]
fn now_option_fixes_clock() {
    let report = introspect_at_now(&s2s_token());

    assert_eq!(get(&report, "secondsLeft").as_f64(), Some(3000.0));
}

#[wasm_bindgen_test]
fn null_options_count_as_absent() {
    let input = JsValue::from_str(&s2s_token());

    let with_undefined = introspect_token(input.clone(), JsValue::UNDEFINED).expect("undefined options");
    let with_null = introspect_token(input.clone(), JsValue::NULL).expect("null options");
    let with_null_now = introspect_token(input, options("now", JsValue::NULL)).expect("now: null");

    assert_eq!(get(&with_null, "kind").as_string(), get(&with_undefined, "kind").as_string());
    assert_eq!(get(&with_null_now, "kind").as_string(), get(&with_undefined, "kind").as_string());
    // The token expired on 2025-12-01, so the JavaScript clock must report it expired.
    assert_eq!(get(&with_null, "expired").as_bool(), Some(true));
    assert_eq!(get(&with_null_now, "expired").as_bool(), Some(true));
}

#[wasm_bindgen_test]
fn empty_inputs_throw_invalid_argument() {
    for input in ["", "   ", "\n\t", "Bearer", "Bearer   ", "\"\""] {
        let result = introspect_token(JsValue::from_str(input), JsValue::UNDEFINED);
        expect_invalid_argument(result, &format!("input {input:?}"));
    }
}

#[wasm_bindgen_test]
fn non_string_inputs_throw_invalid_argument() {
    let inputs = [
        ("undefined", JsValue::UNDEFINED),
        ("null", JsValue::NULL),
        ("number", JsValue::from_f64(42.0)),
        ("boolean", JsValue::TRUE),
        ("object", js_sys::Object::new().into()),
    ];
    for (what, input) in inputs {
        expect_invalid_argument(introspect_token(input, JsValue::UNDEFINED), what);
    }
}

#[wasm_bindgen_test]
fn bad_options_throw_invalid_argument() {
    let input = JsValue::from_str(&s2s_token());
    let cases = [
        ("options string", JsValue::from_str("now")),
        ("options number", JsValue::from_f64(NOW)),
        ("now NaN", options("now", JsValue::from_f64(f64::NAN))),
        ("now Infinity", options("now", JsValue::from_f64(f64::INFINITY))),
        ("now string", options("now", JsValue::from_str("1764590400"))),
    ];
    for (what, options) in cases {
        expect_invalid_argument(introspect_token(input.clone(), options), what);
    }
}

#[wasm_bindgen_test]
fn report_never_contains_token() {
    let token = s2s_token();
    let signature = token.rsplit('.').next().expect("a JWT has a signature part");

    let text = stringify(&introspect_at_now(&token));

    assert!(!text.contains(&token), "report contains the whole token");
    assert!(!text.contains(signature), "report contains the signature part");
}

#[wasm_bindgen_test]
fn error_never_contains_token() {
    let token = s2s_token();
    let signature = token.rsplit('.').next().expect("a JWT has a signature part");

    let error = expect_invalid_argument(introspect_token(JsValue::from_str(&token), JsValue::from_str("x")), "options string");
    let message: String = error.message().into();

    assert!(!message.contains(signature), "error message contains the signature part");
}

#[wasm_bindgen_test]
fn oversized_input_throws() {
    let huge = "x".repeat(64 * 1024 + 1);
    expect_invalid_argument(introspect_token(JsValue::from_str(&huge), JsValue::UNDEFINED), "input over 64 KiB");
}
