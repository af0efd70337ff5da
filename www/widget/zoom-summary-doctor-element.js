/**
 * `<zoom-summary-doctor>`: a diagnostics element that explains Zoom tokens, failed Zoom
 * calls, the request for an AI call summary and webhook deliveries, using the
 * zoom-summary-doctor package's browser build. Everything except the Live panel runs in the
 * browser and sends nothing. The Live panel calls only the worker named by `proxy-url`.
 */

import { EXAMPLES } from './examples.js';
import { parseHeaderText, parseResponseDump } from './parse.js';
import {
  describeExpiry,
  h,
  maskAuthorization,
  renderDiagnosis,
  renderLive,
  renderPreflight,
  renderRequest,
  renderTokenReport,
  renderWebhook,
} from './render.js';
import { buildSupportBundle, scrubSecrets } from './support-bundle.js';
import { PANELS, TEMPLATE } from './template.js';

// The package's browser build is in ../pkg/, beside this module's folder.
const PACKAGE_URL = new URL('../pkg/zoom_summary_doctor.js', import.meta.url).href;

const EVENT_PREFIX = 'zoom-summary-doctor';
const THEMES = ['light', 'dark', 'auto'];

let packagePromise = null;

/**
 * Imports the package and runs its async init once per page. A failed load is forgotten so
 * that the next call tries again.
 */
function loadPackage() {
  packagePromise ??= import(PACKAGE_URL)
    .then(async (module) => {
      await module.default();
      return module;
    })
    .catch((error) => {
      packagePromise = null;
      throw codedError('package_unavailable', `Failed to load the zoom-summary-doctor package from ${PACKAGE_URL}: ${error.message}`);
    });
  return packagePromise;
}

function codedError(code, message) {
  const error = new Error(message);
  error.code = code;
  return error;
}

function optionalText(value) {
  const trimmed = String(value ?? '').trim();
  return trimmed === '' ? undefined : trimmed;
}

/** The custom element class. Register it with `ZoomSummaryDoctorElement.define()`. */
export class ZoomSummaryDoctorElement extends HTMLElement {
  static observedAttributes = ['panel', 'proxy-url', 'theme', 'now'];

  /**
   * Registers the element as `tag` in `registry`. A second registration of the same tag or
   * class is ignored (the registry raises NotSupportedError for it), and any other error is
   * rethrown.
   */
  static define(tag = 'zoom-summary-doctor', registry = globalThis.customElements) {
    try {
      registry.define(tag, this);
    } catch (error) {
      if (!(error instanceof DOMException && error.name === 'NotSupportedError')) {
        throw error;
      }
    }
    return this;
  }

  #root;
  #shownPanel = null;
  #pinnedNow = new Map();
  #countdownTimer = null;
  #lastFailure = null;
  #lastRequest = null;
  #tokenRevealed = false;
  #liveKey = '';

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    this.#root.innerHTML = TEMPLATE;
    this.#addExampleButtons();
    this.#listen();
  }

  connectedCallback() {
    this.#applyProxyUrl();
    loadPackage().then(
      () => this.#emit('ready', {}),
      (error) => this.#showError(this.panel, error),
    );
  }

  disconnectedCallback() {
    this.#stopCountdown();
  }

  attributeChangedCallback(name) {
    if (name === 'panel') {
      this.#showPanel(this.panel);
    } else if (name === 'proxy-url') {
      this.#applyProxyUrl();
    }
  }

  /** The shown panel: `token`, `failure`, `request`, `webhook` or `live`. Reflects `panel`. */
  get panel() {
    const value = this.getAttribute('panel');
    return this.#availablePanels().includes(value) ? value : 'token';
  }

  set panel(value) {
    this.setAttribute('panel', String(value));
  }

  /** Base URL of the worker for the Live panel, or null. Reflects `proxy-url`. */
  get proxyUrl() {
    return optionalText(this.getAttribute('proxy-url')) ?? null;
  }

  set proxyUrl(value) {
    this.#setOrRemove('proxy-url', value);
  }

  /** Colour scheme: `light`, `dark` or `auto` (the default). Reflects `theme`. */
  get theme() {
    const value = this.getAttribute('theme');
    return THEMES.includes(value) ? value : 'auto';
  }

  set theme(value) {
    this.setAttribute('theme', String(value));
  }

  /** Fixed clock in epoch seconds, or null to use the real clock. Reflects `now`. */
  get now() {
    const value = Number.parseFloat(this.getAttribute('now') ?? '');
    return Number.isFinite(value) ? Math.floor(value) : null;
  }

  set now(value) {
    this.#setOrRemove('now', value);
  }

  /** Fills in a built-in example by id (see examples.js), shows its panel and runs it. */
  async runExample(id) {
    const example = EXAMPLES.find((candidate) => candidate.id === id);
    if (!example) {
      throw codedError('invalid_argument', `Unknown example "${id}". Known examples: ${EXAMPLES.map((e) => e.id).join(', ')}.`);
    }

    this.#showPanel(example.panel, { reflect: true });
    this.#clearPanelFields(example.panel);
    for (const [name, value] of Object.entries(example.fields)) {
      this.#field(`${example.panel}-${name}`).value = value;
    }
    this.#pinnedNow.set(example.panel, example.now);
    await this.#runPanel(example.panel);
  }

  #setOrRemove(name, value) {
    if (value === null || value === undefined || value === '') {
      this.removeAttribute(name);
    } else {
      this.setAttribute(name, String(value));
    }
  }

  #availablePanels() {
    return this.proxyUrl ? PANELS : PANELS.filter((panel) => panel !== 'live');
  }

  #field(id) {
    return this.#root.getElementById(id);
  }

  #clock(panel) {
    return this.now ?? this.#pinnedNow.get(panel) ?? Math.floor(Date.now() / 1000);
  }

  #clockIsReal(panel) {
    return this.now === null && !this.#pinnedNow.has(panel);
  }

  #emit(name, detail) {
    this.dispatchEvent(new CustomEvent(`${EVENT_PREFIX}:${name}`, { bubbles: true, composed: true, detail }));
  }

  #announce(message) {
    const status = this.#field('status');
    status.textContent = '';
    // Screen readers announce a change, so clearing first lets the same text be announced twice.
    requestAnimationFrame(() => {
      status.textContent = message;
    });
  }

  // ---- Structure and events ----

  #addExampleButtons() {
    const group = this.#root.querySelector('.examples');
    for (const example of EXAMPLES) {
      group.append(h('button', {
        type: 'button',
        'data-example': example.id,
        title: example.description,
        part: 'button example',
      }, example.label));
    }
  }

  #listen() {
    this.#root.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#runPanel(event.target.dataset.panelForm);
    });
    this.#root.addEventListener('click', (event) => this.#onClick(event));
    this.#root.addEventListener('input', (event) => this.#onInput(event));
    this.#root.querySelector('[role="tablist"]').addEventListener('keydown', (event) => this.#onTabKey(event));
  }

  #onClick(event) {
    const target = event.target.closest('button');
    if (!target) {
      return;
    }

    if (target.getAttribute('role') === 'tab') {
      this.#showPanel(target.id.replace('tab-', ''), { focus: true, reflect: true });
    } else if (target.dataset.example) {
      this.runExample(target.dataset.example).catch((error) => this.#showError(this.panel, error));
    } else if (target.dataset.action === 'support-bundle') {
      this.#copySupportBundle();
    } else if (target.dataset.action === 'reveal-token') {
      this.#toggleTokenReveal();
    } else if (target.dataset.action === 'fill-from-event') {
      this.#run('request', () => this.#fillFromEvent());
    }
  }

  // An edit means the fields no longer hold an example, so its fixed clock no longer applies.
  #onInput(event) {
    const panel = event.target.closest('[role="tabpanel"]')?.id.replace('panel-', '');
    if (panel) {
      this.#pinnedNow.delete(panel);
    }
  }

  // Arrow keys, Home and End move between tabs and select them, as in the WAI-ARIA tabs pattern.
  #onTabKey(event) {
    const panels = this.#availablePanels();
    const current = panels.indexOf(this.panel);
    const moves = {
      ArrowRight: current + 1,
      ArrowLeft: current - 1,
      Home: 0,
      End: panels.length - 1,
    };
    if (!(event.key in moves)) {
      return;
    }

    event.preventDefault();
    const next = (moves[event.key] + panels.length) % panels.length;
    this.#showPanel(panels[next], { focus: true, reflect: true });
  }

  /**
   * Shows one panel and selects its tab. A user action (`reflect`) also writes the `panel`
   * attribute and fires `panel-change`, and `focus` moves focus to the selected tab.
   */
  #showPanel(panel, { focus = false, reflect = false } = {}) {
    const panels = this.#availablePanels();
    const shownPanel = panels.includes(panel) ? panel : 'token';
    const changed = this.#shownPanel !== shownPanel;
    this.#shownPanel = shownPanel;

    for (const name of PANELS) {
      const tab = this.#field(`tab-${name}`);
      const selected = name === shownPanel;
      tab.hidden = !panels.includes(name);
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
      this.#field(`panel-${name}`).hidden = !selected;
    }
    if (focus) {
      this.#field(`tab-${shownPanel}`).focus();
    }

    if (reflect && this.getAttribute('panel') !== shownPanel) {
      this.setAttribute('panel', shownPanel);
    }
    if (reflect && changed) {
      this.#emit('panel-change', { panel: shownPanel });
    }
  }

  #applyProxyUrl() {
    this.#field('live-proxy').textContent = this.proxyUrl ?? '';
    this.#showPanel(this.panel);
  }

  #clearPanelFields(panel) {
    for (const control of this.#field(`panel-${panel}`).querySelectorAll('input, textarea')) {
      control.value = '';
    }
    const select = this.#field(`panel-${panel}`).querySelector('select');
    if (select) {
      select.selectedIndex = 0;
    }
  }

  // ---- Running panels ----

  #runPanel(panel) {
    const runners = {
      token: () => this.#runToken(),
      failure: () => this.#runFailure(),
      request: () => this.#runRequest(),
      webhook: () => this.#runWebhook(),
      live: () => this.#runLive(),
    };
    return this.#run(panel, runners[panel]);
  }

  async #run(panel, work) {
    const submit = this.#field(`panel-${panel}`).querySelector('button[type="submit"]');
    this.#field('error').textContent = '';
    submit.setAttribute('aria-busy', 'true');
    try {
      await work();
    } catch (error) {
      this.#showError(panel, error);
    } finally {
      submit.removeAttribute('aria-busy');
    }
  }

  #showError(panel, error) {
    const code = error?.code ?? (error instanceof SyntaxError ? 'invalid_argument' : 'internal_error');
    const message = scrubSecrets(error?.message ?? String(error), this.#pastedSecrets());
    this.#field('error').textContent = message;
    this.#emit('error', { panel, code, message });
  }

  // Every pasted token and secret, so that error text can be scrubbed of them.
  #pastedSecrets() {
    return ['token-input', 'failure-token', 'request-token', 'webhook-secret', 'live-key']
      .map((id) => this.#field(id).value)
      .concat(this.#liveKey);
  }

  async #callPackage(name, ...args) {
    const module = await loadPackage();
    if (typeof module[name] !== 'function') {
      throw codedError('unsupported', `This build of the zoom-summary-doctor package has no ${name}(). Rebuild pkg/ from a version that exports it.`);
    }
    return module[name](...args);
  }

  #showResult(panel, node, detail, announcement) {
    const result = this.#field(`${panel}-result`);
    result.replaceChildren(...[node].flat().filter(Boolean));
    this.#announce(announcement);
    this.#emit('result', { panel, ...detail });
  }

  async #runToken() {
    const input = this.#field('token-input').value;
    if (!input.trim()) {
      throw codedError('invalid_argument', 'Paste a token, an Authorization header or a token response first.');
    }

    const now = this.#clock('token');
    const report = await this.#callPackage('introspectToken', input, { now });
    const preflight = await this.#tryPreflight(input, now);

    this.#showResult('token', [renderTokenReport(report, now), renderPreflight(preflight)],
      { kind: report.kind, expired: report.expired, result: report, preflight },
      `Token: ${report.kind}, ${describeExpiry(report.expiresAt, now)}.`);
    this.#startCountdown(report);
  }

  // The endpoint matrix is extra information, so a token it cannot judge still gets its report.
  async #tryPreflight(token, now) {
    try {
      return await this.#callPackage('preflightSummaryAccess', { token, now });
    } catch {
      return null;
    }
  }

  #startCountdown(report) {
    this.#stopCountdown();
    if (report.expired || !report.expiresAt || !this.#clockIsReal('token')) {
      return;
    }

    this.#countdownTimer = setInterval(() => {
      const node = this.#root.querySelector('#token-result [data-countdown]');
      const now = Math.floor(Date.now() / 1000);
      if (!node || !this.#clockIsReal('token')) {
        this.#stopCountdown();
        return;
      }
      node.textContent = describeExpiry(report.expiresAt, now);
      if (now >= report.expiresAt) {
        node.parentElement.className = 'verdict-bad';
        this.#announce('The token has expired.');
        this.#stopCountdown();
      }
    }, 1000);
  }

  #stopCountdown() {
    clearInterval(this.#countdownTimer);
    this.#countdownTimer = null;
  }

  #readFailureFields() {
    const dump = optionalText(this.#field('failure-dump').value);
    if (dump) {
      const parsed = parseResponseDump(dump);
      this.#field('failure-status').value = String(parsed.status);
      this.#field('failure-headers').value = Object.entries(parsed.headers).map(([name, value]) => `${name}: ${value}`).join('\n');
      this.#field('failure-body').value = parsed.body;
      if (parsed.request && !optionalText(this.#field('failure-url').value)) {
        this.#field('failure-method').value = parsed.request.method;
        this.#field('failure-url').value = parsed.request.url;
      }
    }

    const statusText = optionalText(this.#field('failure-status').value);
    const status = Number(statusText);
    if (!statusText || !Number.isInteger(status) || status < 100 || status > 599) {
      throw codedError('invalid_argument', `HTTP status must be a number from 100 to 599, got "${statusText ?? ''}". Fill it in, or paste a raw response.`);
    }

    const url = optionalText(this.#field('failure-url').value);
    return {
      response: { status, headers: parseHeaderText(this.#field('failure-headers').value), body: this.#field('failure-body').value },
      request: url ? { method: this.#field('failure-method').value, url } : null,
      token: optionalText(this.#field('failure-token').value),
    };
  }

  async #runFailure() {
    const { response, request, token } = this.#readFailureFields();
    const now = this.#clock('failure');
    const context = { now, ...(request && { request }), ...(token && { token }) };
    const diagnosis = await this.#callPackage('classifyFailure', response, context);
    const tokenReport = token ? await this.#tryIntrospect(token, now) : null;

    this.#lastFailure = { diagnosis, request, headers: response.headers, token: tokenReport, secrets: [token], now };
    this.#showResult('failure', renderDiagnosis(diagnosis),
      { kind: diagnosis.kind, result: diagnosis },
      `Diagnosis: ${diagnosis.title ?? diagnosis.kind}. ${diagnosis.fixes?.length ?? 0} fixes.`);
  }

  async #tryIntrospect(token, now) {
    try {
      return await this.#callPackage('introspectToken', token, { now });
    } catch {
      return null;
    }
  }

  async #copySupportBundle() {
    if (!this.#lastFailure) {
      return;
    }

    const text = buildSupportBundle(this.#lastFailure);
    const field = this.#root.querySelector('[data-bundle-field]');
    const output = field.querySelector('textarea');
    const status = this.#root.querySelector('[data-bundle-status]');
    field.hidden = false;
    output.value = text;

    try {
      await navigator.clipboard.writeText(text);
      status.textContent = 'Copied. Paste it into the Zoom support ticket.';
    } catch {
      output.select();
      status.textContent = 'The browser did not allow copying. The text is selected below: copy it with Ctrl+C or Cmd+C.';
    }
    this.#announce(status.textContent);
    this.#emit('support-bundle', { panel: 'failure', text });
  }

  async #fillFromEvent() {
    const eventText = optionalText(this.#field('request-event').value);
    if (!eventText) {
      throw codedError('invalid_argument', 'Paste a phone.ai_call_summary_changed event first.');
    }

    // The result is { action: 'fetch' | 'skip', target, message }: a deleted summary has no target.
    const found = await this.#callPackage('summaryTargetFromEvent', eventText);
    const target = found?.target;
    if (found?.action === 'skip' || !target?.userId || !target?.summaryId) {
      throw codedError('nothing_to_fetch', found?.message ?? 'The event names no summary to fetch.');
    }
    this.#field('request-user').value = target.userId;
    this.#field('request-summary').value = target.summaryId;
    this.#field('request-sub-account').value = target.subAccountId ?? '';
    this.#announce('Filled in the owner and summary IDs from the event.');
  }

  async #runRequest() {
    if (!optionalText(this.#field('request-user').value) && optionalText(this.#field('request-event').value)) {
      await this.#fillFromEvent();
    }

    const target = {
      userId: this.#field('request-user').value,
      summaryId: this.#field('request-summary').value,
      ...(optionalText(this.#field('request-sub-account').value) && { subAccountId: optionalText(this.#field('request-sub-account').value) }),
    };
    const options = {
      now: this.#clock('request'),
      token: optionalText(this.#field('request-token').value),
      apiUrl: optionalText(this.#field('request-api-url').value),
    };
    const request = await this.#callPackage('buildSummaryRequest', target, options);

    this.#lastRequest = request;
    this.#tokenRevealed = false;
    this.#showResult('request', renderRequest(request, false),
      { kind: 'request', result: this.#maskedRequest(request) },
      `Request built: ${request.method} ${request.url}. ${request.warnings?.length ?? 0} warnings.`);
  }

  // Event listeners get the request with its token masked, since they did not ask to reveal it.
  #maskedRequest(request) {
    const headers = Object.fromEntries(Object.entries(request.headers ?? {})
      .map(([name, value]) => [name, name.toLowerCase() === 'authorization' ? maskAuthorization(value) : value]));
    return { ...request, headers };
  }

  #toggleTokenReveal() {
    if (!this.#lastRequest) {
      return;
    }
    this.#tokenRevealed = !this.#tokenRevealed;
    this.#field('request-result').replaceChildren(renderRequest(this.#lastRequest, this.#tokenRevealed));
    this.#root.querySelector('[data-action="reveal-token"]').focus();
  }

  async #runWebhook() {
    const secretToken = this.#field('webhook-secret').value;
    const rawBody = this.#field('webhook-body').value;
    const tolerance = optionalText(this.#field('webhook-tolerance').value);
    const input = {
      headers: parseHeaderText(this.#field('webhook-headers').value),
      rawBody,
      secretToken,
      now: this.#clock('webhook'),
      ...(tolerance !== undefined && { toleranceSeconds: Number(tolerance) }),
    };
    const result = await this.#callPackage('verifyWebhook', input);
    const answer = result.valid && result.event === 'endpoint.url_validation'
      ? await this.#callPackage('answerUrlValidation', rawBody, secretToken)
      : null;

    const kind = result.valid ? 'valid' : (result.reason ?? 'invalid');
    this.#showResult('webhook', renderWebhook(result, answer),
      { kind, valid: result.valid, result: { ...result, answer } },
      result.valid ? `Webhook valid: ${result.event ?? 'event'}.` : `Webhook not valid: ${result.reason ?? 'unknown reason'}.`);
  }

  async #runLive() {
    const proxyUrl = this.proxyUrl;
    if (!proxyUrl) {
      throw codedError('invalid_argument', 'The Live panel needs a proxy-url attribute that names the worker.');
    }
    const keyField = this.#field('live-key');
    this.#liveKey = keyField.value || this.#liveKey;
    if (!this.#liveKey) {
      throw codedError('invalid_argument', "Type the worker's API key first.");
    }

    // A relative proxy-url such as "/" names the server of the page itself.
    const base = new URL(proxyUrl, document.baseURI).href;
    const url = new URL('v1/diagnose', base.endsWith('/') ? base : `${base}/`);
    const userId = optionalText(this.#field('live-user').value);
    const summaryId = optionalText(this.#field('live-summary').value);
    if (userId && summaryId) {
      url.searchParams.set('userId', userId);
      url.searchParams.set('summaryId', summaryId);
    }

    const { status, body } = await this.#fetchJson(url, this.#liveKey);
    this.#showResult('live', renderLive(status, body),
      { kind: status >= 400 ? (body?.kind ?? 'http_error') : 'diagnose', status, result: body },
      status >= 400 ? `Live check failed: ${body?.title ?? `HTTP ${status}`}.` : 'Live check done.');
  }

  async #fetchJson(url, key) {
    let response;
    try {
      response = await fetch(url, {
        headers: { Authorization: `Bearer ${key}`, Accept: 'application/json' },
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch (error) {
      throw codedError('network_error', `Failed to reach the worker at ${url.origin}: ${error.message}. Check proxy-url and that the worker allows this origin (ALLOWED_ORIGINS).`);
    }

    const text = await response.text();
    try {
      return { status: response.status, body: JSON.parse(text) };
    } catch {
      return { status: response.status, body: null };
    }
  }
}
