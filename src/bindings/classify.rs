//! `classifyFailure` for JavaScript.

use wasm_bindgen::prelude::*;

use super::classify_arguments::read_arguments;
use super::diagnosis;
use crate::classify;

#[wasm_bindgen(typescript_custom_section)]
const CLASSIFY_TYPES: &'static str = r#"
/** A Zoom response, or `status: 0` when none arrived (network or CORS failure). */
export interface FailureResponseInput {
  status: number;
  headers?: Headers | Record<string, string | number | string[]> | Array<[string, string | number | string[]]> | null;
  body?: string | null;
}

/** The context of the failed call. Every field is optional, and `null` counts as absent. */
export interface FailureContextInput {
  request?: { method?: string | null; url: string } | null;
  /** A raw token, an Authorization header value, or the token endpoint's response (text or object). */
  token?: string | object | null;
  /** The clock in epoch seconds; defaults to the JavaScript clock. */
  now?: number | null;
}

export type FailureKind =
  | "missing_scope" | "master_account_required" | "token_expired" | "token_invalid" | "token_missing"
  | "token_in_query" | "account_mismatch" | "token_request_rejected" | "me_not_supported"
  | "permission_denied" | "phone_not_enabled" | "user_not_found" | "summary_not_found" | "summary_empty"
  | "endpoint_not_recognized" | "validation_failed" | "rate_limited" | "upstream_unavailable"
  | "network_unreachable" | "unknown";

export interface DiagnosisFields {
  kind: FailureKind;
  explanation: string;
  fixes: string[];
  retryable: boolean;
  retryAt: string | null;
  retryAfterSeconds: number | null;
  missingScopes: string[];
  heldScopes: string[] | null;
  rateLimit: { type: "per_second" | "daily" | "per_user_daily" | "unknown"; category: string | null; limit: number | null; remaining: number | null } | null;
  oauthError: string | null;
  zoom: { status: number; code: number | null; message: string | null };
  trackingId: string | null;
  cluster: string | null;
  evidence: string[];
  alternatives: Array<{ kind: FailureKind; why: string; tellApart: string }>;
}

/** An RFC 9457 problem document with the diagnosis fields as extension members. */
export interface Problem extends DiagnosisFields {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
}

export interface Diagnosis extends DiagnosisFields {
  title: string;
  problem: Problem;
}
"#;

#[wasm_bindgen]
extern "C" {
    /// The `context` argument of `classifyFailure`; typed so that TypeScript marks it optional.
    #[wasm_bindgen(typescript_type = "FailureContextInput")]
    pub type FailureContextArg;
}

/// Classifies a failed Zoom call into a diagnosis.
#[wasm_bindgen(js_name = classifyFailure, unchecked_return_type = "Diagnosis")]
pub fn classify_failure(
    #[wasm_bindgen(unchecked_param_type = "FailureResponseInput")] response: JsValue,
    context: Option<FailureContextArg>,
) -> Result<JsValue, JsValue> {
    let (response, context) = read_arguments(&response, &context.map_or(JsValue::UNDEFINED, Into::into))?;
    Ok(diagnosis::to_js(&classify::classify(&response, &context)))
}
