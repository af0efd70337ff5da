// The open routes: the health check and the docs page behind each problem document's `type`.

import { json } from './http.mjs';

// Failure kinds the worker reports on its own, before or around any call to Zoom. Kinds found in
// Zoom's responses are described by the classifier's problem documents themselves.
const WORKER_KINDS = {
  unauthorized: ['Missing or invalid API key', 'Send the proxy API key as "Authorization: Bearer <PROXY_API_KEY>".'],
  origin_not_allowed: ['Origin not allowed', 'Browsers may call the worker only from an origin listed in ALLOWED_ORIGINS.'],
  route_not_found: ['Route not found', 'Use GET /v1/summaries/{userId}/{summaryId}, GET /v1/diagnose, POST /v1/explain, GET /healthz or GET /problems/{kind}.'],
  method_not_allowed: ['Method not allowed', 'Each route accepts one method; the Allow header names it.'],
  invalid_id: ['Invalid id', 'Send the user id and the AI call summary id exactly as Zoom returned them, each percent-encoded once.'],
  invalid_body: ['Invalid request body', 'POST /v1/explain takes JSON: { "status", "headers", "body" } of the Zoom response to explain.'],
  body_too_large: ['Request body too large', 'POST /v1/explain accepts at most 64 KiB.'],
  configuration_missing: ['Configuration missing', 'Set the named secrets with "wrangler secret put NAME", or in .dev.vars for wrangler dev.'],
  configuration_invalid: ['Configuration invalid', 'Fix the named settings; the problem document says what each must be.'],
  rate_limited: ['Rate limited', 'Zoom, or the worker\'s own limiter in front of Zoom, refused more calls for now. Wait for Retry-After seconds.'],
  upstream_redirect_refused: ['Redirect not followed', 'Zoom answered with a redirect to a host outside Zoom\'s API hosts, or without a usable Location. The token is never sent there. Check ZOOM_API_HOST.'],
  token_unavailable: ['No access token', 'The worker could not obtain a Server-to-Server OAuth token. Check the credentials and the worker log.'],
  internal_error: ['Internal error', 'The worker failed unexpectedly. Retry; if it persists, read the worker log.'],
};

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
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

/** GET /problems/{kind}: an HTML page, or JSON when the client asks for it. */
export function handleProblemPage({ request, params, log }) {
  const kind = params[0];
  const [title, text] = WORKER_KINDS[kind] ?? [kind.replaceAll('_', ' '), 'A failure kind reported in a problem document. Its detail, explanation and fixes say what happened and what to do.'];
  log.kind = 'ok';

  if ((request.headers.get('accept') ?? '').includes('application/json')) {
    return json({ kind, title, description: text });
  }
  const html =
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
    `<body><h1>${escapeHtml(title)}</h1><p><code>${escapeHtml(kind)}</code></p><p>${escapeHtml(text)}</p></body></html>`;
  return new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8' } });
}
