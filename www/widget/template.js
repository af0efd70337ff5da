/**
 * The static markup of the element's shadow root. It contains no user data: results are
 * built with DOM calls and `textContent` in render.js, so pasted text is never parsed as HTML.
 */

import { STYLES } from './styles.js';

/** Panel names in tab order. `live` is shown only when the element has a `proxy-url`. */
export const PANELS = Object.freeze(['token', 'failure', 'request', 'webhook', 'live']);

function field(id, label, control, hint = '') {
  const hintId = hint ? `${id}-hint` : '';
  const described = hint ? ` aria-describedby="${hintId}"` : '';
  const controlHtml = control.replace('$ATTRS', `id="${id}" name="${id}"${described}`);
  const hintHtml = hint ? `<span class="hint" id="${hintId}">${hint}</span>` : '';
  return `<div class="field" part="field"><label for="${id}">${label}</label>${controlHtml}${hintHtml}</div>`;
}

const TEXTAREA = (rows) => `<textarea $ATTRS rows="${rows}" spellcheck="false" autocomplete="off" autocapitalize="off" part="input"></textarea>`;
const TEXT = `<input $ATTRS type="text" spellcheck="false" autocomplete="off" autocapitalize="off" part="input">`;
const SECRET = `<input $ATTRS type="password" spellcheck="false" autocomplete="off" part="input">`;

const TOKEN_PANEL = `
<form data-panel-form="token" novalidate>
  ${field('token-input', 'Token, Authorization header or token response', TEXTAREA(4),
    'A token response (the JSON from /oauth/token) also shows the scopes. A bare token does not list them.')}
  <button type="submit" class="primary" part="button">Inspect token</button>
</form>
<div class="result" id="token-result" part="result"></div>`;

const FAILURE_PANEL = `
<form data-panel-form="failure" novalidate>
  <fieldset>
    <legend>Zoom's response</legend>
    ${field('failure-dump', 'Raw response (optional)', TEXTAREA(4),
      'Output of curl -i or curl -v. It fills in the status, headers and body below.')}
    ${field('failure-status', 'HTTP status', `<input $ATTRS type="text" inputmode="numeric" autocomplete="off" part="input">`)}
    ${field('failure-headers', 'Response headers', TEXTAREA(3), 'One "Name: value" per line, or a JSON object.')}
    ${field('failure-body', 'Response body', TEXTAREA(3))}
  </fieldset>
  <fieldset>
    <legend>The request (optional)</legend>
    <div class="columns">
      ${field('failure-method', 'Method', `<select $ATTRS part="input"><option>GET</option><option>POST</option><option>PUT</option><option>PATCH</option><option>DELETE</option></select>`)}
      ${field('failure-url', 'URL', TEXT)}
    </div>
    ${field('failure-token', 'Token or token response that was sent', TEXTAREA(2),
      'Optional. It tells apart causes that the response alone cannot, such as a missing scope.')}
  </fieldset>
  <button type="submit" class="primary" part="button">Diagnose</button>
</form>
<div class="result" id="failure-result" part="result"></div>`;

const REQUEST_PANEL = `
<form data-panel-form="request" novalidate>
  <fieldset>
    <legend>Which summary</legend>
    <div class="columns">
      ${field('request-user', "Owner's user ID", TEXT, 'A Zoom user ID, or me with a user-managed OAuth token.')}
      ${field('request-summary', 'AI call summary ID', TEXT)}
    </div>
    ${field('request-sub-account', 'Sub-account ID (optional)', TEXT, 'Only for a master account reading a sub-account. It selects the master-account path.')}
    ${field('request-event', 'Or a webhook event (optional)', TEXTAREA(3), 'A phone.ai_call_summary_changed event as JSON. It fills in the IDs above.')}
    <div class="actions"><button type="button" data-action="fill-from-event" part="button">Fill in from event</button></div>
  </fieldset>
  <fieldset>
    <legend>How to send it (optional)</legend>
    ${field('request-token', 'Token or token response', TEXTAREA(2))}
    ${field('request-api-url', 'API base URL', TEXT, 'Defaults to the api_url of a token response, else https://api.zoom.us.')}
  </fieldset>
  <button type="submit" class="primary" part="button">Build request</button>
</form>
<div class="result" id="request-result" part="result"></div>`;

const WEBHOOK_PANEL = `
<form data-panel-form="webhook" novalidate>
  ${field('webhook-secret', 'Secret token', SECRET, "The app's webhook secret token, not its client secret.")}
  ${field('webhook-headers', 'Request headers', TEXTAREA(3), 'At least x-zm-signature and x-zm-request-timestamp. One "Name: value" per line, or a JSON object.')}
  ${field('webhook-body', 'Raw request body', TEXTAREA(4), 'Exactly the bytes Zoom sent. Re-serialised JSON does not verify.')}
  ${field('webhook-tolerance', 'Allowed clock difference in seconds (optional)', `<input $ATTRS type="text" inputmode="numeric" autocomplete="off" part="input">`)}
  <button type="submit" class="primary" part="button">Verify</button>
</form>
<div class="result" id="webhook-result" part="result"></div>`;

const LIVE_PANEL = `
<p class="hint" id="live-intro">Asks the worker at <code id="live-proxy"></code> to check its own Zoom credentials.
The key goes only to that worker and is kept in memory, never stored.</p>
<form data-panel-form="live" novalidate>
  ${field('live-key', 'Worker API key', SECRET)}
  <div class="columns">
    ${field('live-user', "Owner's user ID (optional)", TEXT)}
    ${field('live-summary', 'AI call summary ID (optional)', TEXT)}
  </div>
  <p class="hint">With both IDs the worker also makes one real request for that summary.</p>
  <button type="submit" class="primary" part="button">Run live check</button>
</form>
<div class="result" id="live-result" part="result"></div>`;

const PANEL_CONTENT = { token: TOKEN_PANEL, failure: FAILURE_PANEL, request: REQUEST_PANEL, webhook: WEBHOOK_PANEL, live: LIVE_PANEL };
const PANEL_LABELS = { token: 'Token', failure: 'Failure', request: 'Request', webhook: 'Webhook', live: 'Live' };

function tab(panel, index) {
  const selected = index === 0;
  return `<button type="button" role="tab" id="tab-${panel}" aria-controls="panel-${panel}" aria-selected="${selected}" tabindex="${selected ? 0 : -1}" part="tab">${PANEL_LABELS[panel]}</button>`;
}

function panelSection(panel, index) {
  return `<section role="tabpanel" id="panel-${panel}" aria-labelledby="tab-${panel}" part="panel"${index === 0 ? '' : ' hidden'}>${PANEL_CONTENT[panel]}</section>`;
}

/** The whole shadow root markup: styles, header, examples, tabs, panels and live regions. */
export const TEMPLATE = `
<style>${STYLES}</style>
<div class="widget" part="container">
  <h2 part="title">Zoom summary doctor</h2>
  <p class="lead">Explains why a Zoom Phone AI call summary request fails. It runs in this browser: nothing you paste is sent anywhere.</p>
  <div class="examples" part="examples" role="group" aria-labelledby="examples-label">
    <span class="examples-label" id="examples-label">Try an example:</span>
  </div>
  <div role="tablist" aria-label="Diagnostics" part="tabs">${PANELS.map(tab).join('')}</div>
  ${PANELS.map(panelSection).join('')}
  <div class="error" role="alert" id="error" part="error"></div>
  <div class="visually-hidden" role="status" aria-live="polite" id="status"></div>
</div>`;
