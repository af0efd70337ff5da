// Type-checks the package's TypeScript declarations the way a user's code would use them
// (`tsc -p tests/types` after installing the package). Nothing here runs.

import {
  answerUrlValidation,
  buildSummaryRequest,
  buildTokenRequest,
  classifyFailure,
  endpointCatalog,
  fetchSummary,
  introspectToken,
  mintToken,
  preflightSummaryAccess,
  signSinkDelivery,
  summaryTargetFromEvent,
  verifySinkSignature,
  verifyWebhook,
} from 'zoom-summary-doctor';
import type { Diagnosis, FailureKind, TokenKind, TokenReport } from 'zoom-summary-doctor';

const token = 'eyJhbGciOiJIUzUxMiJ9.e30.c2ln';

// Optional arguments may be left out.
const report: TokenReport = introspectToken(token);
const kind: TokenKind = introspectToken(token, { now: 1764590400 }).kind;
const expiresAt: number | null = report.expiresAt;
// @ts-expect-error the input is a string
introspectToken(5);

const diagnosis: Diagnosis = classifyFailure({ status: 400, headers: { 'content-type': 'application/json' }, body: '{"code":104}' });
const failureKind: FailureKind = classifyFailure({ status: 0 }, { request: { url: 'https://api.zoom.us/v2/users/me' } }).kind;
const problemType: string = diagnosis.problem.type;
const fixes: string[] = diagnosis.fixes;

const request = buildSummaryRequest({ userId: 'me', summaryId: 'abc' });
const url: string = buildSummaryRequest({ userId: 'me', summaryId: 'abc' }, { token, now: 1764590400 }).url;
const warningCodes: string[] = request.warnings.map((warning) => warning.code);
// @ts-expect-error summaryId is required
buildSummaryRequest({ userId: 'me' });

const event = summaryTargetFromEvent('{"event":"phone.ai_call_summary_changed"}');
const action: 'fetch' | 'skip' = event.action;
const tokenRequest = buildTokenRequest({ accountId: 'a', clientId: 'c', clientSecret: 's' });
const body: string = tokenRequest.body;
const preflight = preflightSummaryAccess({ token });
const usable: 'yes' | 'no' | 'unknown' | undefined = preflight.checks[0]?.usable;
const endpointIds: string[] = endpointCatalog().endpoints.map((endpoint) => endpoint.id);

const verdict = verifyWebhook({ rawBody: '{}', headers: {}, secretToken: 's' });
const valid: boolean = verdict.valid;
const answer = answerUrlValidation('{}', 'secret');
const signature: string = signSinkDelivery({ secret: 's', body: '{}' });
const sinkValid: boolean = verifySinkSignature({ signature, body: '{}', secret: ['s', 'previous'] }).valid;

async function pipeline(): Promise<string | undefined> {
  const minted = await mintToken({ accountId: 'a', clientId: 'c', clientSecret: 's', oauthHost: 'http://127.0.0.1:1' });
  const result = await fetchSummary({ userId: 'u', summaryId: 's' }, { getToken: async () => minted });
  if (!result.ok) {
    const wait: number | undefined = result.retryAfter;
    return `${result.problem.detail} ${wait ?? ''}`;
  }
  const fields: Record<string, unknown> = result.summary;
  // A synchronous getToken and acquire are accepted too.
  const again = await fetchSummary({ userId: 'u', summaryId: 's' }, { getToken: () => minted, acquire: () => undefined });
  const shown = again.ok ? String(again.summary.summary_content) : again.problem.kind;
  // @ts-expect-error a failed result has no summary
  const missing = again.ok ? undefined : again.summary;
  const pairs = classifyFailure({ status: 429, headers: [['x-ratelimit-limit', 10], ['retry-after', '5']], body: '' });
  return [Object.keys(fields).length, shown, missing, pairs.kind, minted.ok ? minted.tokenResponse.scope : minted.problem.kind].join(' ');
}

export { action, answer, body, endpointIds, expiresAt, failureKind, fixes, kind, pipeline, problemType, sinkValid, url, usable, valid, warningCodes };
