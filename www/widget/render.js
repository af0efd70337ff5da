/**
 * Builders for the result views. Every value from a result or from pasted text is set
 * through `textContent`, so nothing pasted is ever interpreted as HTML.
 */

/** Creates an element with attributes and children (strings become text nodes). */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) {
      continue;
    }
    element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(...children.flat().filter((child) => child !== null && child !== undefined && child !== false));
  return element;
}

/**
 * Splits a sentence from the package at its backtick spans and returns text nodes with the spans
 * as `<code>` elements. Both are built from text, so nothing in the sentence becomes markup.
 */
export function prose(text) {
  const parts = String(text ?? '').split('`');
  if (parts.length < 3 || parts.length % 2 === 0) {
    return [String(text ?? '')];
  }
  return parts.map((part, index) => (index % 2 === 1 ? h('code', {}, part) : part)).filter((part) => part !== '');
}

function definitionList(rows) {
  const items = rows
    .filter(([, value]) => value !== null && value !== undefined && value !== '')
    .flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]);
  return h('dl', {}, items);
}

function kindCode(kind) {
  return h('code', { class: 'kind', 'data-kind': kind }, kind);
}

/** Formats a number of seconds as "1 h 05 min", "12 min 03 s" or "42 s". */
export function formatDuration(totalSeconds) {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  if (hours > 0) {
    return `${hours} h ${String(minutes).padStart(2, '0')} min`;
  }
  if (minutes > 0) {
    return `${minutes} min ${String(rest).padStart(2, '0')} s`;
  }
  return `${rest} s`;
}

/** Formats epoch seconds as an ISO 8601 UTC time without milliseconds. */
export function formatTime(seconds) {
  if (seconds === null || seconds === undefined) {
    return null;
  }
  const date = new Date(Number(seconds) * 1000);
  return Number.isNaN(date.getTime()) ? null : date.toISOString().replace('.000Z', 'Z');
}

/** Describes the time left before `expiresAt`, or how long ago it passed, at clock `now`. */
export function describeExpiry(expiresAt, now) {
  if (expiresAt === null || expiresAt === undefined) {
    return 'no expiry in the token';
  }
  const left = expiresAt - now;
  return left > 0 ? `expires in ${formatDuration(left)}` : `expired ${formatDuration(-left)} ago`;
}

function warningList(warnings) {
  if (!warnings?.length) {
    return null;
  }
  const items = warnings.map((warning) => h('li', {
    class: warning.level === 'error' ? 'warning warning-error' : 'warning',
    'data-code': warning.code,
    part: 'warning',
  }, kindCode(warning.code), ' ', prose(warning.message)));
  return [h('h3', {}, 'Warnings'), h('ul', {}, items)];
}

/**
 * Renders an `introspectToken` report. The expiry line carries `data-countdown` so that
 * the element can update it every second.
 */
export function renderTokenReport(report, now) {
  const expiry = h('span', { 'data-countdown': report.expiresAt ?? '' }, describeExpiry(report.expiresAt, now));
  const verdictClass = report.expired ? 'verdict-bad' : 'verdict-good';
  const scopes = report.scopes
    ? h('ul', {}, report.scopes.map((scope) => h('li', {}, h('code', {}, scope))))
    : 'unknown: paste the token response to see the scopes';

  return h('div', { class: 'card', 'data-result': 'token' },
    h('p', {}, 'Kind: ', kindCode(report.kind)),
    definitionList([
      ['Expiry', h('span', { class: verdictClass }, expiry)],
      ['Expires at', formatTime(report.expiresAt)],
      ['Issued at', formatTime(report.issuedAt)],
      ['Client ID', report.clientId],
      ['Account ID', report.accountId],
      ['User ID', report.userId],
      ['API URL', report.apiUrl],
      ['Token', report.redacted],
      ['Fingerprint', report.fingerprint],
      ['Scopes', scopes],
    ]),
    warningList(report.warnings));
}

const USABLE_CLASS = { yes: 'verdict-good', no: 'verdict-bad', unknown: 'verdict-unknown' };

/** Finds the list of endpoint rows in a preflight result, whether it is a bare array or wrapped. */
export function preflightRows(result) {
  if (Array.isArray(result)) {
    return result;
  }
  for (const key of ['checks', 'endpoints', 'rows', 'preflight']) {
    const value = result?.[key];
    if (Array.isArray(value)) {
      return value;
    }
    if (value && typeof value === 'object') {
      const nested = preflightRows(value);
      if (nested.length) {
        return nested;
      }
    }
  }
  return [];
}

function endpointName(row) {
  const endpoint = row.endpoint;
  if (endpoint && typeof endpoint === 'object') {
    return endpoint.title ?? endpoint.name ?? [endpoint.method, endpoint.path].filter(Boolean).join(' ');
  }
  return row.title ?? row.name ?? endpoint ?? row.id ?? 'endpoint';
}

function scopeText(scopes) {
  return Array.isArray(scopes) && scopes.length ? scopes.join(', ') : null;
}

/** Renders the endpoint matrix of a preflight result: one card per endpoint. */
export function renderPreflight(result, heading = 'What this token can reach') {
  const rows = preflightRows(result);
  if (!rows.length) {
    return null;
  }

  const cards = rows.map((row) => h('div', { class: 'card', 'data-usable': row.usable, part: 'endpoint' },
    h('p', {}, h('strong', {}, endpointName(row)), ': ',
      h('span', { class: USABLE_CLASS[row.usable] ?? 'verdict-unknown' }, `usable: ${row.usable ?? 'unknown'}`)),
    definitionList([
      ['Why', row.why ?? row.reason],
      ['Path', row.path ?? row.endpoint?.path],
      ['Accepted scopes', scopeText(row.acceptedScopes ?? row.accepted)],
      ['Held scopes', scopeText(row.heldScopes ?? row.held)],
      ['Fix', row.fix],
    ])));
  return h('div', { 'data-result': 'preflight' }, h('h3', {}, heading), cards);
}

function alternativeItems(alternatives) {
  return alternatives.map((alternative) => h('li', { 'data-kind': alternative.kind },
    kindCode(alternative.kind), ' ', prose(alternative.why),
    alternative.tellApart ? h('div', { class: 'hint' }, 'To tell apart: ', prose(alternative.tellApart)) : null));
}

/** Renders a `classifyFailure` diagnosis with its fixes, alternatives and the support bundle button. */
export function renderDiagnosis(diagnosis) {
  const zoom = diagnosis.zoom ?? {};
  const retry = diagnosis.retryable
    ? `yes${diagnosis.retryAt ? `, at ${diagnosis.retryAt}` : ''}${diagnosis.retryAfterSeconds ? ` (in ${formatDuration(diagnosis.retryAfterSeconds)})` : ''}`
    : 'no, not without a change';

  return h('div', { class: 'card', 'data-result': 'failure' },
    h('h3', {}, diagnosis.title ?? diagnosis.kind),
    h('p', {}, 'Kind: ', kindCode(diagnosis.kind)),
    h('p', {}, prose(diagnosis.explanation)),
    h('h3', {}, 'Fixes'),
    h('ol', { 'data-fixes': true, part: 'fixes' }, (diagnosis.fixes ?? []).map((fix) => h('li', {}, prose(fix)))),
    definitionList([
      ['Retry', retry],
      ['Missing scopes', scopeText(diagnosis.missingScopes)],
      ['Held scopes', scopeText(diagnosis.heldScopes)],
      ['Rate limit', diagnosis.rateLimit?.type],
      ['OAuth error', diagnosis.oauthError],
      ['Zoom status', zoom.status],
      ['Zoom code', zoom.code],
      ['Zoom message', zoom.message],
      ['Tracking ID', diagnosis.trackingId ? h('code', { 'data-tracking-id': true }, diagnosis.trackingId) : null],
    ]),
    diagnosis.evidence?.length ? [h('h3', {}, 'Evidence'), h('ul', {}, diagnosis.evidence.map((item) => h('li', {}, String(item))))] : null,
    diagnosis.alternatives?.length ? [h('h3', {}, 'Other possible causes'), h('ul', {}, alternativeItems(diagnosis.alternatives))] : null,
    h('div', { class: 'actions' },
      h('button', { type: 'button', 'data-action': 'support-bundle', part: 'button' }, 'Copy support bundle'),
      h('span', { 'data-bundle-status': true })),
    h('div', { class: 'field', hidden: true, 'data-bundle-field': true },
      h('label', { for: 'support-bundle' }, 'Support bundle (no tokens or secrets)'),
      h('textarea', { id: 'support-bundle', rows: 8, readonly: true, part: 'input' })));
}

/** Masks a header value that carries a token, keeping the scheme and the first characters. */
export function maskAuthorization(value) {
  const [scheme, credential = ''] = String(value).split(/\s+/, 2);
  return credential ? `${scheme} ${credential.slice(0, 6)}… (masked)` : '(masked)';
}

function headerValue(name, value, revealed) {
  return name.toLowerCase() === 'authorization' && !revealed ? maskAuthorization(value) : value;
}

function curlCommand(request, revealed) {
  const headerArguments = Object.entries(request.headers ?? {})
    .map(([name, value]) => ` \\\n  -H '${name}: ${headerValue(name, value, revealed)}'`);
  return `curl -i -X ${request.method} '${request.url}'${headerArguments.join('')}`;
}

/**
 * Renders a built request. The Authorization header stays masked until `revealed` is true,
 * and the reveal button toggles it.
 */
export function renderRequest(request, revealed) {
  const headers = Object.entries(request.headers ?? {});
  const hasAuthorization = headers.some(([name]) => name.toLowerCase() === 'authorization');
  const headerItems = headers.map(([name, value]) => h('li', {},
    h('code', { 'data-header': name.toLowerCase() }, `${name}: ${headerValue(name, value, revealed)}`)));

  return h('div', { class: 'card', 'data-result': 'request' },
    h('h3', {}, 'Request'),
    h('pre', { 'data-request-line': true }, `${request.method} ${request.url}`),
    definitionList([
      ['Endpoint', typeof request.endpoint === 'object' && request.endpoint ? endpointName({ endpoint: request.endpoint }) : request.endpoint],
      ['Rate-limit label', request.rateLimitLabel],
    ]),
    h('h3', {}, 'Headers'),
    h('ul', {}, headerItems),
    hasAuthorization
      ? h('div', { class: 'actions' }, h('button', { type: 'button', 'data-action': 'reveal-token', 'aria-pressed': String(revealed), part: 'button' }, revealed ? 'Hide token' : 'Reveal token'))
      : null,
    h('h3', {}, 'As a curl command'),
    h('pre', { 'data-curl': true }, curlCommand(request, revealed)),
    warningList(request.warnings));
}

function findingItems(findings) {
  return findings.map((finding) => h('li', { 'data-code': finding.code }, kindCode(finding.code), ' ', finding.message));
}

// The diagnostics explain a failed signature without the secret: body facts, clock skew,
// and findings as { code, message }.
function diagnosticsBlock(diagnostics) {
  if (!diagnostics || typeof diagnostics !== 'object') {
    return null;
  }

  return [
    h('h3', {}, 'Diagnostics'),
    diagnostics.message ? h('p', {}, diagnostics.message) : null,
    definitionList([
      ['Body size', diagnostics.bodyBytes === undefined ? null : `${diagnostics.bodyBytes} bytes`],
      ['Timestamp', formatTime(diagnostics.timestamp)],
      ['Clock difference', diagnostics.skewSeconds === undefined || diagnostics.skewSeconds === null ? null : `${diagnostics.skewSeconds} s`],
      ['Allowed difference', diagnostics.toleranceSeconds === undefined ? null : `${diagnostics.toleranceSeconds} s`],
    ]),
    diagnostics.evidence?.length ? [h('h3', {}, 'Evidence'), h('ul', {}, findingItems(diagnostics.evidence))] : null,
    diagnostics.likelyCauses?.length ? [h('h3', {}, 'Likely causes'), h('ul', {}, findingItems(diagnostics.likelyCauses))] : null,
  ];
}

/** Renders a `verifyWebhook` verdict, and the response to a URL validation challenge when there is one. */
export function renderWebhook(result, answer) {
  const verdict = result.valid
    ? h('span', { class: 'verdict-good' }, 'Valid: the signature matches and the timestamp is fresh.')
    : h('span', { class: 'verdict-bad' }, 'Not valid');

  return h('div', { class: 'card', 'data-result': 'webhook' },
    h('p', { 'data-valid': String(Boolean(result.valid)) }, verdict),
    definitionList([
      ['Reason', result.reason ? kindCode(result.reason) : null],
      ['Event', result.event],
    ]),
    diagnosticsBlock(result.diagnostics),
    answer ? [h('h3', {}, 'Answer to send back (HTTP 200, JSON)'), h('pre', { 'data-answer': true }, JSON.stringify(answer, null, 2))] : null);
}

/**
 * Renders the worker's `/v1/diagnose` response or the problem document it returned.
 *
 * NOTE: the browser tests check this against a body shaped like the worker's handleDiagnose
 * output (tokenResponse, expiresAt, tokenCached, introspection, preflight), not against a
 * running worker, and the `probe` part has not been rendered by any test.
 */
export function renderLive(status, body) {
  if (status >= 400 || !body || typeof body !== 'object') {
    return h('div', { class: 'card', 'data-result': 'live-problem' },
      h('h3', {}, body?.title ?? `The worker answered HTTP ${status}`),
      body?.kind ? h('p', {}, 'Kind: ', kindCode(body.kind)) : null,
      h('p', {}, body?.detail ?? body?.explanation ?? ''),
      body?.fixes?.length ? h('ol', { 'data-fixes': true }, body.fixes.map((fix) => h('li', {}, fix))) : null);
  }

  // tokenResponse is Zoom's token response without the token, so its fields are snake_case.
  const tokenResponse = body.tokenResponse ?? {};
  const introspection = body.introspection ?? {};
  const scopes = introspection.scopes ?? (tokenResponse.scope ? String(tokenResponse.scope).split(' ') : null);
  return h('div', { 'data-result': 'live' },
    h('div', { class: 'card' },
      h('h3', {}, "The worker's token"),
      definitionList([
        ['Kind', introspection.kind ? kindCode(introspection.kind) : null],
        ['Expires at', formatTime(body.expiresAt ?? introspection.expiresAt)],
        ['From cache', body.tokenCached === undefined ? null : String(body.tokenCached)],
        ['API URL', tokenResponse.api_url ?? introspection.apiUrl],
        ['Scopes', scopeText(scopes)],
      ])),
    renderPreflight(body, 'Endpoint matrix'),
    body.probe ? h('div', { class: 'card' }, h('h3', {}, 'Live request'), h('pre', {}, JSON.stringify(body.probe, null, 2))) : null);
}
