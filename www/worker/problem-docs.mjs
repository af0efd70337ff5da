// The classifier's docs page for each Zoom failure kind, bundled into the worker as text by the
// [[rules]] entry for *.md in wrangler.toml. A kind added to the classifier needs its page in
// docs/problems/ and an import here, and tests/worker/problems.test.mjs requests every page.

import accountMismatch from '../../docs/problems/account_mismatch.md';
import endpointNotRecognized from '../../docs/problems/endpoint_not_recognized.md';
import masterAccountRequired from '../../docs/problems/master_account_required.md';
import meNotSupported from '../../docs/problems/me_not_supported.md';
import missingScope from '../../docs/problems/missing_scope.md';
import networkUnreachable from '../../docs/problems/network_unreachable.md';
import permissionDenied from '../../docs/problems/permission_denied.md';
import phoneNotEnabled from '../../docs/problems/phone_not_enabled.md';
import rateLimited from '../../docs/problems/rate_limited.md';
import summaryEmpty from '../../docs/problems/summary_empty.md';
import summaryNotFound from '../../docs/problems/summary_not_found.md';
import tokenExpired from '../../docs/problems/token_expired.md';
import tokenInQuery from '../../docs/problems/token_in_query.md';
import tokenInvalid from '../../docs/problems/token_invalid.md';
import tokenMissing from '../../docs/problems/token_missing.md';
import tokenRequestRejected from '../../docs/problems/token_request_rejected.md';
import unknown from '../../docs/problems/unknown.md';
import upstreamUnavailable from '../../docs/problems/upstream_unavailable.md';
import userNotFound from '../../docs/problems/user_not_found.md';
import validationFailed from '../../docs/problems/validation_failed.md';

/** Markdown source of each failure kind's page, by kind. */
export const PROBLEM_DOCS = Object.freeze({
  account_mismatch: accountMismatch,
  endpoint_not_recognized: endpointNotRecognized,
  master_account_required: masterAccountRequired,
  me_not_supported: meNotSupported,
  missing_scope: missingScope,
  network_unreachable: networkUnreachable,
  permission_denied: permissionDenied,
  phone_not_enabled: phoneNotEnabled,
  rate_limited: rateLimited,
  summary_empty: summaryEmpty,
  summary_not_found: summaryNotFound,
  token_expired: tokenExpired,
  token_in_query: tokenInQuery,
  token_invalid: tokenInvalid,
  token_missing: tokenMissing,
  token_request_rejected: tokenRequestRejected,
  unknown: unknown,
  upstream_unavailable: upstreamUnavailable,
  user_not_found: userNotFound,
  validation_failed: validationFailed,
});
