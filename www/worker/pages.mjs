// The open routes: the health check and the docs page behind each problem document's `type`.

import { json, problemResponse, workerProblem } from './http.mjs';
import { escapeHtml, renderMarkdown, summaryOf, titleOf } from './markdown.mjs';
import { PROBLEM_DOCS } from './problem-docs.mjs';
import { ROUTE_LIST } from './route-list.mjs';

// Failure kinds the worker reports on its own, before, around or after any call to Zoom. The kinds
// found in Zoom's responses have the classifier's pages in docs/problems/ (PROBLEM_DOCS).
const WORKER_KINDS = {
  unauthorized: ['Missing or invalid API key', 'Send the proxy API key as "Authorization: Bearer <PROXY_API_KEY>".'],
  origin_not_allowed: ['Origin not allowed', 'Browsers may call the worker only from its own origin or from an origin listed in ALLOWED_ORIGINS.'],
  route_not_found: ['Route not found', `The worker has no route for the path. The routes are ${ROUTE_LIST}.`],
  method_not_allowed: ['Method not allowed', 'Each route accepts one method; the Allow header names it.'],
  invalid_id: ['Invalid id', 'Send the user id and the AI call summary id exactly as Zoom returned them, each percent-encoded once.'],
  invalid_body: ['Invalid request body', 'POST /v1/explain takes JSON: { "status", "headers", "body" } of the Zoom response to explain.'],
  invalid_query: ['Invalid query', 'A query parameter has a value the route does not accept. The problem document names the parameter and the values it takes.'],
  body_too_large: ['Request body too large', 'POST /v1/explain accepts at most 64 KiB, and POST /v1/webhooks/zoom at most 256 KiB.'],
  configuration_missing: ['Configuration missing', 'Set the named secrets with "wrangler secret put NAME", or in .dev.vars for wrangler dev.'],
  configuration_invalid: ['Configuration invalid', 'Fix the named settings; the problem document says what each must be.'],
  upstream_redirect_refused: ['Redirect not followed', 'Zoom answered with a redirect to a host outside Zoom\'s API hosts, or without a usable Location. The token is never sent there. Check ZOOM_API_HOST.'],
  upstream_response_too_large: ['Zoom\'s response was too large', 'The response from the Zoom API host was larger than the worker reads or returns (a few MiB), so it was not passed on. Zoom\'s summaries are a few KiB; check that ZOOM_API_HOST and ZOOM_OAUTH_HOST name Zoom or the emulator.'],
  token_unavailable: ['No access token', 'The worker could not obtain a Server-to-Server OAuth token. Check the credentials and the worker log.'],
  limiter_unavailable: ['Rate limiter failed', 'The rate limiter (acquire) failed before the call to Zoom, so Zoom was not called. Retry; if it persists, read the worker log and check the TOKEN_BROKER Durable Object.'],
  callback_timed_out: ['Token broker or rate limiter too slow', 'The token broker (getToken) or the rate limiter (acquire) did not answer before the request\'s deadline, so Zoom was not called. Retry; if it persists, read the worker log and check the TOKEN_BROKER Durable Object.'],
  internal_error: ['Internal error', 'The worker failed unexpectedly. Retry; if it persists, read the worker log.'],
  webhook_rejected: ['Webhook rejected', 'The event\'s x-zm-signature does not verify with ZOOM_WEBHOOK_SECRET_TOKEN (or ZOOM_WEBHOOK_SECRET_TOKEN_NEXT), or its x-zm-request-timestamp is outside WEBHOOK_TOLERANCE_SECONDS. The problem document\'s reason and diagnostics say which; check the Secret Token and that nothing in front of the worker changes the body.'],
  invalid_challenge: ['Invalid URL validation challenge', 'An endpoint.url_validation event had no usable plainToken, so the worker could not answer the challenge. Zoom sends a valid one when you validate the endpoint URL in the app\'s Event Subscriptions.'],
  queue_unavailable: ['Delivery queue unavailable', 'The delivery queue did not accept the event or the retry. A webhook event is not acknowledged, so Zoom sends it again; a retry of a failed delivery stays in the failed list. Try again later.'],
  delivery_not_found: ['Failed delivery not found', 'No failed delivery has that id. GET /v1/deliveries/failed lists them; a delivery that succeeded is no longer listed.'],
  sink_rejected: ['Summary sink rejected the delivery', 'The sink at SUMMARY_SINK_URL answered with a status that a retry would not change, or with a redirect, which the worker does not follow. Fix the sink or the setting, then retry the delivery with POST /v1/deliveries/failed/{deliveryId}/retry.'],
  sink_unavailable: ['Summary sink unavailable', 'The sink at SUMMARY_SINK_URL could not be reached or kept answering 5xx or 429 for the whole retry schedule. Retry the delivery with POST /v1/deliveries/failed/{deliveryId}/retry once the sink is up.'],
  delivery_dead_lettered: ['Delivery moved to the dead-letter queue', 'The queue consumer failed on the delivery on every attempt the queue allows. Read the worker log for "delivery attempt failed" lines with its deliveryId, fix the cause, then retry it with POST /v1/deliveries/failed/{deliveryId}/retry.'],
  problem_not_found: ['Problem kind not found', 'No docs page exists for that kind. The kind comes from the `kind` field of a problem document.'],
};

// The classifier reports Zoom's 429s as rate_limited, and the worker's own limiter uses the same kind.
const WORKER_NOTES = {
  rate_limited: '## When the worker answers it itself\n\nThe worker also answers 429 with this kind when its own limiter\'s queue for the Zoom account is full for longer than `RATE_LIMIT_MAX_QUEUE_MS`. Wait for `Retry-After` seconds, or spread the calls out.',
};

const PAGE_STYLE =
  'body{margin:0 auto;padding:1rem;max-width:48rem;font:1rem/1.5 system-ui,sans-serif}' +
  'code,pre{font-family:ui-monospace,monospace}pre{overflow-x:auto;padding:.5rem;background:#f2f4f7}' +
  'table{border-collapse:collapse}th,td{border:1px solid #c9ced6;padding:.25rem .5rem;text-align:left;vertical-align:top}';

// The page carries no script and loads nothing, which the policy enforces.
const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  'x-content-type-options': 'nosniff',
};

function htmlPage(title, bodyHtml) {
  return (
    `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n` +
    `<title>${escapeHtml(title)}</title>\n<style>${PAGE_STYLE}</style>\n</head>\n<body>\n<main>\n${bodyHtml}\n</main>\n</body>\n</html>\n`
  );
}

// Returns the page of `kind` as { title, description, markdown }, or null for an unknown kind.
function findPage(kind) {
  if (Object.hasOwn(PROBLEM_DOCS, kind)) {
    const notes = WORKER_NOTES[kind];
    const markdown = notes ? `${PROBLEM_DOCS[kind].trimEnd()}\n\n${notes}\n` : PROBLEM_DOCS[kind];
    return { source: 'classifier', title: titleOf(markdown) ?? kind, description: summaryOf(markdown) ?? '', markdown };
  }
  if (Object.hasOwn(WORKER_KINDS, kind)) {
    const [title, description] = WORKER_KINDS[kind];
    return { source: 'worker', title, description, markdown: `# \`${kind}\`: ${title}\n\n${description}\n` };
  }
  return null;
}

/** Names every kind that has a page: the classifier's kinds, then the worker's own. */
export function knownKinds() {
  return [...Object.keys(PROBLEM_DOCS), ...Object.keys(WORKER_KINDS)];
}

/** GET /healthz */
export function handleHealth({ env, config, log }) {
  log.kind = 'ok';
  return json({
    status: 'ok',
    zoomConfigured: config.missingZoom.length === 0,
    apiKeyConfigured: !config.missingApiKey,
    tokenBroker: env.TOKEN_BROKER ? 'durable_object' : 'isolate',
  });
}

function problemNotFound(origin, kind) {
  const detail = `No docs page exists for the kind "${kind}". The known kinds are ${knownKinds().join(', ')}.`;
  return problemResponse(workerProblem(origin, 'problem_not_found', 404, 'Problem kind not found', detail), 404);
}

/** GET /problems/{kind}: the kind's docs page as HTML, or as JSON when the client accepts application/json. */
export function handleProblemPage({ request, url, params, log }) {
  const kind = params[0];
  const page = findPage(kind);
  if (!page) {
    log.kind = 'problem_not_found';
    return problemNotFound(url.origin, kind);
  }
  log.kind = 'ok';

  if ((request.headers.get('accept') ?? '').includes('application/json')) {
    return json({ kind, title: page.title, description: page.description, source: page.source, markdown: page.markdown });
  }
  return new Response(htmlPage(page.title, renderMarkdown(page.markdown)), { headers: PAGE_HEADERS });
}
