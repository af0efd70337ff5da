// The worker's routes as callers write them, for the route_not_found message and its docs page.
// Keep it in step with ROUTES in index.mjs.

/** Every route the worker serves, method and path. */
export const ROUTES_TEXT = [
  'GET /v1/summaries/{userId}/{summaryId}',
  'GET /v1/diagnose',
  'POST /v1/explain',
  'POST /v1/webhooks/zoom',
  'GET /v1/deliveries/failed',
  'POST /v1/deliveries/failed/{deliveryId}/retry',
  'GET /healthz',
  'GET /problems/{kind}',
  'GET / (the demo page)',
];

/** The routes as one English list: "A, B, ... or Z". */
export const ROUTE_LIST = `${ROUTES_TEXT.slice(0, -1).join(', ')} or ${ROUTES_TEXT.at(-1)}`;
