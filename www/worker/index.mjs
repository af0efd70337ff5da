// The edge worker: proxies Zoom Phone AI call summaries with Server-to-Server OAuth credentials and
// explains every failure as a problem document.
//
// Routes:
//   GET  /v1/summaries/{userId}/{summaryId}  the summary plus `meta` (API key required)
//   GET  /v1/diagnose[?userId=&summaryId=]    token, scopes and endpoint report (API key required)
//   POST /v1/explain                          classifies a posted Zoom response (API key required)
//   GET  /healthz, GET /problems/{kind}       open
//   GET  /, /widget/*, /pkg/*                 the demo page and its files, served from www/dist by
//                                             the [assets] of wrangler.toml before the worker runs
//   POST /v1/webhooks/zoom, GET /v1/deliveries/failed, POST /v1/deliveries/failed/{id}/retry:
//        the webhook pipeline, see webhooks.mjs

import { configFor } from './config.mjs';
import { corsHeaders, hasValidApiKey, problemResponse, withHeaders, workerProblem } from './http.mjs';
import { logError, logRequest } from './log.mjs';
import { handleDiagnose, handleExplain, handleSummary } from './routes.mjs';
import { handleHealth, handleProblemPage } from './pages.mjs';
import { ROUTE_LIST } from './route-list.mjs';
import { handleFailedList, handleFailedRetry, handleQueueBatch, handleZoomWebhook } from './webhooks.mjs';

export { TokenBroker } from './broker.mjs';
export { DeliveryLedger } from './ledger.mjs';

const ROUTES = [
  { name: 'summaries', pattern: /^\/v1\/summaries\/([^/]*)\/([^/]*)$/, method: 'GET', auth: true, handler: handleSummary },
  { name: 'diagnose', pattern: /^\/v1\/diagnose$/, method: 'GET', auth: true, handler: handleDiagnose },
  { name: 'explain', pattern: /^\/v1\/explain$/, method: 'POST', auth: true, handler: handleExplain },
  { name: 'webhooks', pattern: /^\/v1\/webhooks\/zoom$/, method: 'POST', auth: false, handler: handleZoomWebhook },
  { name: 'deliveries_failed', pattern: /^\/v1\/deliveries\/failed$/, method: 'GET', auth: true, handler: handleFailedList },
  { name: 'deliveries_retry', pattern: /^\/v1\/deliveries\/failed\/([^/]+)\/retry$/, method: 'POST', auth: true, handler: handleFailedRetry },
  { name: 'healthz', pattern: /^\/healthz$/, method: 'GET', auth: false, handler: handleHealth },
  { name: 'problems', pattern: /^\/problems\/([a-z0-9_]+)$/, method: 'GET', auth: false, handler: handleProblemPage },
];

function findRoute(pathname) {
  for (const route of ROUTES) {
    const match = route.pattern.exec(pathname);
    if (match) {
      return { route, params: match.slice(1) };
    }
  }
  return null;
}

// The path is not echoed: a caller that puts an API key or token in it would get it back, and
// the response may be logged or cached by anything in between.
function notFound(origin) {
  const detail = `No route matches the request's path. Send ${ROUTE_LIST}.`;
  return problemResponse(workerProblem(origin, 'route_not_found', 404, 'Route not found', detail), 404);
}

function methodNotAllowed(origin, route, method) {
  const detail = `${method} is not supported on this route; send ${route.method}.`;
  return problemResponse(workerProblem(origin, 'method_not_allowed', 405, 'Method not allowed', detail), 405, { allow: `${route.method}, OPTIONS` });
}

function unauthorized(origin) {
  const detail = 'Send the proxy API key as "Authorization: Bearer <PROXY_API_KEY>".';
  return problemResponse(workerProblem(origin, 'unauthorized', 401, 'Missing or invalid API key', detail), 401, { 'www-authenticate': 'Bearer' });
}

function originRejected(origin, requestOrigin) {
  const detail = `The origin ${requestOrigin} is not in ALLOWED_ORIGINS; call from an allowed origin or from a server.`;
  return problemResponse(workerProblem(origin, 'origin_not_allowed', 403, 'Origin not allowed', detail), 403);
}

function apiKeyNotConfigured(origin) {
  const detail = 'PROXY_API_KEY is not set, so no caller can be authenticated. Set it with "wrangler secret put PROXY_API_KEY" or in .dev.vars.';
  return problemResponse(workerProblem(origin, 'configuration_missing', 500, 'Configuration missing', detail, { missing: ['PROXY_API_KEY'] }), 500);
}

// Browsers send Origin on cross-origin requests; same-origin requests (the demo page) are allowed.
function originAllowed(requestOrigin, origin, config) {
  return !requestOrigin || requestOrigin === origin || config.allowedOrigins.includes(requestOrigin);
}

function preflight(request, origin, config) {
  const requestOrigin = request.headers.get('origin');
  const headers = corsHeaders(requestOrigin, config.allowedOrigins);
  if (!headers) {
    return originRejected(origin, requestOrigin ?? '(none)');
  }
  return new Response(null, { status: 204, headers });
}

async function dispatch(request, env, ctx, config, log) {
  const url = new URL(request.url);
  const { origin } = url;
  if (request.method === 'OPTIONS') {
    log.route = 'preflight';
    return preflight(request, origin, config);
  }

  const requestOrigin = request.headers.get('origin');
  if (!originAllowed(requestOrigin, origin, config)) {
    log.kind = 'origin_not_allowed';
    return originRejected(origin, requestOrigin);
  }

  const found = findRoute(url.pathname);
  if (!found) {
    log.kind = 'route_not_found';
    return notFound(origin);
  }
  const { route, params } = found;
  log.route = route.name;
  if (request.method !== route.method && !(route.method === 'GET' && request.method === 'HEAD')) {
    log.kind = 'method_not_allowed';
    return methodNotAllowed(origin, route, request.method);
  }

  if (route.auth) {
    if (config.missingApiKey) {
      log.kind = 'configuration_missing';
      return apiKeyNotConfigured(origin);
    }
    if (!hasValidApiKey(request, config.apiKeys)) {
      log.kind = 'unauthorized';
      return unauthorized(origin);
    }
  }
  return route.handler({ request, env, ctx, config, url, params, log });
}

export default {
  async fetch(request, env, ctx) {
    const started = Date.now();
    const config = configFor(env);
    const log = { route: 'unknown', method: request.method, kind: null };

    let response;
    try {
      response = await dispatch(request, env, ctx, config, log);
    } catch (error) {
      logError('request failed', error, { route: log.route });
      log.kind = 'internal_error';
      const detail = 'The worker failed while handling this request. Retry; if it persists, check the worker log for the error.';
      response = problemResponse(workerProblem(new URL(request.url).origin, 'internal_error', 500, 'Internal error', detail), 500);
    }

    const cors = corsHeaders(request.headers.get('origin'), config.allowedOrigins);
    response = withHeaders(response, cors);
    logRequest({ ...log, status: response.status, durationMs: Date.now() - started });
    return response;
  },

  queue: handleQueueBatch,
};
