// A Zoom emulator for tests and the demo: the OAuth token endpoint and the AI call summary
// endpoints, on loopback only.
//
// Run: node tests/emulator/server.mjs [--port 8788], or --port 0 for a free port. The credentials
// it accepts are DEFAULTS below: account demo-account, client demo-client, secret demo-client-secret.
// In tests: const emulator = await startEmulator({ port: 0 }); ... await emulator.close();
//
// Control routes: GET /__emulator/stats returns the counters; POST /__emulator/reset clears them and
// the one-shot scenarios; POST /__emulator/config changes `scopes`, `tokenLifetimeSeconds` or
// `slowMs` for later tokens and requests. POST /__emulator/sink is the summary sink (sink.mjs).

import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';

import { mintAccessToken, readAccessToken } from './tokens.mjs';
import { SCENARIOS, scenarioNames } from './scenarios.mjs';
import { DEMO_USER_ID, DEMO_SUMMARY_ID, demoSummary } from './data.mjs';
import { createSink, readRequestBytes } from './sink.mjs';

/** Settings used when `startEmulator` is called without options. */
export const DEFAULTS = Object.freeze({
  host: '127.0.0.1',
  port: 8788,
  accountId: 'demo-account',
  clientId: 'demo-client',
  clientSecret: 'demo-client-secret',
  ownerUserId: 'demo-owner',
  scopes: 'phone:read:ai_call_summary:admin user:read:user:admin',
  tokenLifetimeSeconds: 3600,
  slowMs: 30000,
  masterAccount: false,
  // Test device: browsers may call the emulator from another origin. Zoom itself sends no CORS
  // headers, so browsers cannot call it directly.
  cors: false,
});

// The endpoint accepts any one of these scopes (Zoom's Phone OpenAPI lists them as alternatives).
const USER_PATH_SCOPES = ['phone:read:ai_call_summary', 'phone:read:ai_call_summary:admin', 'phone:read', 'phone:read:admin'];
const MASTER_PATH_SCOPES = ['phone:read:ai_call_summary:master', 'phone:master'];

const USER_PATH = /^\/v2\/phone\/user\/([^/]+)\/ai_call_summary\/([^/]+)$/;
const MASTER_PATH = /^\/v2\/accounts\/([^/]+)\/phone\/user\/([^/]+)\/ai_call_summary\/([^/]+)$/;

function trackingId() {
  return `v=2.0;clid=us06;rid=WEB_${randomBytes(16).toString('hex')}`;
}

function nowSeconds() {
  return Math.floor(Date.now() / 1000);
}

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'authorization, content-type, accept',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-expose-headers': 'x-zm-trackingid, retry-after, x-ratelimit-type, x-ratelimit-category, x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset',
};

function send(res, { status, headers = {}, body }) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const contentType = typeof body === 'string' ? 'text/plain' : 'application/json;charset=UTF-8';
  const cors = res.cors ? CORS_HEADERS : {};
  res.writeHead(status, { 'content-type': contentType, 'x-zm-trackingid': trackingId(), ...cors, ...headers });
  res.end(text);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function decodePathSegment(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function createState(options) {
  return {
    config: { ...DEFAULTS, ...options },
    stats: { tokenMints: 0, requests: 0, tokenRequests: 0, apiRequests: 0, scenarios: {} },
    tokens: new Map(),
    mintSequence: 0,
    revokedThrough: 0,
    firedOnce: new Set(),
    invalidatedOnce: false,
    sink: createSink({ signingSecret: options.sinkSigningSecret }),
  };
}

function resetState(state) {
  state.stats = { tokenMints: 0, requests: 0, tokenRequests: 0, apiRequests: 0, scenarios: {} };
  state.firedOnce.clear();
  state.invalidatedOnce = false;
  state.sink.reset();
}

// The token endpoint's failure bodies are `{reason, error}` as commonly reported; Zoom's OAuth error
// page (https://developers.zoom.us/docs/integrations/oauth-error-messages/) gives the reasons.
function oauthError(status, error, reason) {
  return { status, body: { reason, error } };
}

function checkClientCredentials(state, authorization) {
  const match = /^Basic\s+(.+)$/i.exec(authorization ?? '');
  if (!match) {
    return oauthError(401, 'invalid_client', 'Client ID or client secret is missing.');
  }

  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  const clientId = decoded.slice(0, separator);
  const clientSecret = decoded.slice(separator + 1);
  if (separator < 0 || clientId !== state.config.clientId) {
    return oauthError(401, 'invalid_client', 'Invalid client.');
  }
  if (clientSecret !== state.config.clientSecret) {
    return oauthError(401, 'invalid_client', 'Invalid client secret.');
  }
  return null;
}

// Zoom's own examples send the grant in the query string or in a form body, so both are read.
async function handleToken(state, req, url) {
  state.stats.tokenRequests += 1;
  const form = new URLSearchParams(await readBody(req));
  const param = (name) => url.searchParams.get(name) ?? form.get(name);

  const credentialError = checkClientCredentials(state, req.headers.authorization);
  if (credentialError) {
    return credentialError;
  }

  const grantType = param('grant_type');
  if (!grantType) {
    return oauthError(400, 'invalid_request', 'Missing grant type.');
  }
  if (grantType !== 'account_credentials') {
    return oauthError(400, 'unsupported_grant_type', 'unsupported grant type');
  }

  const accountId = param('account_id');
  if (!accountId) {
    return oauthError(400, 'invalid_request', 'Missing account_id.');
  }
  if (accountId !== state.config.accountId) {
    return oauthError(400, 'invalid_grant', 'Invalid account_id.');
  }

  return mint(state, accountId);
}

function mint(state, accountId) {
  const { config } = state;
  const { token, claims } = mintAccessToken({
    clientId: config.clientId,
    accountId,
    userId: config.ownerUserId,
    now: nowSeconds(),
    lifetimeSeconds: config.tokenLifetimeSeconds,
  });

  state.mintSequence += 1;
  state.stats.tokenMints += 1;
  state.tokens.set(token, { sequence: state.mintSequence, scopes: config.scopes.split(' '), claims });

  const body = {
    access_token: token,
    token_type: 'bearer',
    expires_in: config.tokenLifetimeSeconds,
    scope: config.scopes,
    api_url: config.origin,
  };
  return { status: 200, body };
}

// Messages for code 124 are Zoom's own, from the Phone OpenAPI document's error list.
function authenticate(state, authorization) {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match) {
    return { failure: { status: 401, body: { code: 124, message: 'Requires an access token.' } } };
  }

  const issued = state.tokens.get(match[1]);
  if (!issued || !readAccessToken(match[1]) || issued.sequence <= state.revokedThrough) {
    return { failure: { status: 401, body: { code: 124, message: 'Invalid access token.' } } };
  }
  if (issued.claims.exp <= nowSeconds()) {
    return { failure: { status: 401, body: { code: 124, message: 'Access token has expired.' } } };
  }
  return { issued };
}

function missingScopes(granted, accepted, code, spaced) {
  if (accepted.some((scope) => granted.includes(scope))) {
    return null;
  }
  const list = accepted.filter((scope) => scope.startsWith('phone:read:ai_call_summary')).join(', ');
  const space = spaced ? ' ' : '';
  return { status: 400, body: { code, message: `Invalid access token, does not contain scopes:${space}[${list}].` } };
}

function parseSummaryPath(pathname) {
  const master = MASTER_PATH.exec(pathname);
  if (master) {
    return { master: true, accountId: decodePathSegment(master[1]), userId: decodePathSegment(master[2]), summaryId: decodePathSegment(master[3]) };
  }
  const user = USER_PATH.exec(pathname);
  if (user) {
    return { master: false, userId: decodePathSegment(user[1]), summaryId: decodePathSegment(user[2]) };
  }
  return null;
}

// Token checks come first, as on Zoom: a revoked token fails before any scenario is looked at.
async function handleSummary(state, req, target) {
  state.stats.apiRequests += 1;
  const scenario = target.summaryId.startsWith('scenario-') ? target.summaryId.slice('scenario-'.length) : null;

  if (scenario === 'token_invalid_once' && !state.invalidatedOnce) {
    state.invalidatedOnce = true;
    state.revokedThrough = state.mintSequence;
    countScenario(state, scenario);
  }

  const { failure, issued } = authenticate(state, req.headers.authorization);
  if (failure) {
    return failure;
  }

  const accessFailure = checkAccess(state, target, issued);
  if (accessFailure) {
    return accessFailure;
  }

  if (scenario) {
    return answerScenario(state, scenario, target, req);
  }
  return answerSummary(target);
}

function checkAccess(state, target, issued) {
  if (!target.master) {
    return missingScopes(issued.scopes, USER_PATH_SCOPES, 4711, false);
  }

  // Master-account paths name the sub-account; `me` is the master account itself.
  if (target.accountId !== 'me' && target.accountId !== issued.claims.aid) {
    return { status: 401, body: { code: 124, message: `Account does not exist: ${target.accountId}.` } };
  }

  // Without the master-account option Zoom returns 104 even when the token holds the scope, per
  // https://devforum.zoom.us/t/ai-call-summary-400-error-despite-correct-scope-phoneai-call-summary-master/132138
  if (!state.config.masterAccount) {
    return { status: 400, body: { code: 104, message: 'Invalid access token, does not contain scopes: [phone:read:ai_call_summary:master].' } };
  }
  return missingScopes(issued.scopes, MASTER_PATH_SCOPES, 104, true);
}

function answerSummary(target) {
  if (target.userId !== DEMO_USER_ID) {
    return { status: 404, body: { code: 1001, message: `User does not exist: ${target.userId}.` } };
  }
  if (target.summaryId !== DEMO_SUMMARY_ID) {
    return { status: 404, body: { message: 'Not Found' } };
  }
  return { status: 200, body: demoSummary() };
}

function countScenario(state, name) {
  state.stats.scenarios[name] = (state.stats.scenarios[name] ?? 0) + 1;
}

async function answerScenario(state, name, target, req) {
  countScenario(state, name);

  if (name === 'token_invalid_once') {
    return answerSummary({ ...target, summaryId: DEMO_SUMMARY_ID });
  }
  if (name === 'slow') {
    await delay(state.config.slowMs, req);
    return answerSummary({ ...target, summaryId: DEMO_SUMMARY_ID });
  }

  const entry = SCENARIOS[name];
  if (!entry) {
    return { status: 404, body: { message: 'Not Found' } };
  }
  if (entry.once) {
    if (state.firedOnce.has(name)) {
      return answerSummary({ ...target, summaryId: DEMO_SUMMARY_ID });
    }
    state.firedOnce.add(name);
  }
  return entry.answer({ now: nowSeconds(), userId: target.userId, origin: state.config.origin });
}

// Stops waiting when the client disconnects, so a slow response never outlives its caller.
function delay(ms, req) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    req.socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function handleControl(state, req, url) {
  if (req.method === 'GET' && url.pathname === '/__emulator/stats') {
    return { status: 200, body: { ...state.stats, scenarioNames: scenarioNames(), ...state.sink.stats() } };
  }
  if (req.method === 'POST' && url.pathname === '/__emulator/sink') {
    return state.sink.receive(req.headers, await readRequestBytes(req));
  }
  if (req.method === 'POST' && url.pathname === '/__emulator/sink/control') {
    return state.sink.control(parseJsonObject(await readBody(req)));
  }
  if (req.method === 'POST' && url.pathname === '/__emulator/reset') {
    resetState(state);
    return { status: 200, body: state.stats };
  }
  if (req.method === 'POST' && url.pathname === '/__emulator/config') {
    return updateConfig(state, await readBody(req));
  }
  return { status: 404, body: { message: 'Not Found' } };
}

function parseJsonObject(text) {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

function updateConfig(state, text) {
  let changes;
  try {
    changes = JSON.parse(text);
  } catch {
    return { status: 400, body: { message: 'Send a JSON object with scopes, tokenLifetimeSeconds, slowMs or masterAccount.' } };
  }

  for (const key of ['scopes', 'tokenLifetimeSeconds', 'slowMs', 'masterAccount']) {
    if (changes?.[key] !== undefined) {
      state.config[key] = changes[key];
    }
  }
  return { status: 200, body: { scopes: state.config.scopes, tokenLifetimeSeconds: state.config.tokenLifetimeSeconds, slowMs: state.config.slowMs } };
}

async function route(state, req, res) {
  const url = new URL(req.url, state.config.origin);
  state.stats.requests += 1;
  res.cors = state.config.cors;
  if (state.config.cors && req.method === 'OPTIONS') {
    res.writeHead(204, CORS_HEADERS);
    return res.end();
  }

  if (url.pathname.startsWith('/__emulator/')) {
    return send(res, await handleControl(state, req, url));
  }
  if (url.pathname === '/oauth/token') {
    if (req.method !== 'POST') {
      return send(res, { status: 405, body: { message: 'Use POST.' } });
    }
    return send(res, await handleToken(state, req, url));
  }

  const target = parseSummaryPath(url.pathname);
  if (!target) {
    return send(res, { status: 404, body: { code: 2300, message: 'This API endpoint is not recognized.' } });
  }

  const answer = await handleSummary(state, req, target);
  if (answer.reset) {
    return req.socket.destroy();
  }
  return send(res, answer);
}

/**
 * Starts the emulator. Returns `{ origin, port, state, close() }`; `port: 0` picks a free port.
 *
 * Options override DEFAULTS. The emulator only listens on a loopback address.
 */
export async function startEmulator(options = {}) {
  const state = createState(options);
  if (!/^(127\.\d+\.\d+\.\d+|::1|localhost)$/.test(state.config.host)) {
    throw new Error(`emulator host must be a loopback address, got ${state.config.host}`);
  }

  const server = createServer((req, res) => {
    route(state, req, res).catch((error) => {
      console.error('emulator: request failed:', error);
      if (!res.headersSent) {
        send(res, { status: 500, body: { message: 'emulator error' } });
      }
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(state.config.port, state.config.host, resolve);
  });

  const { port } = server.address();
  state.config.origin = `http://${state.config.host}:${port}`;
  return {
    origin: state.config.origin,
    port,
    state,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const USAGE = `Usage: node tests/emulator/server.mjs [--port PORT]

Starts the Zoom emulator on 127.0.0.1. PORT defaults to $EMULATOR_PORT, else ${DEFAULTS.port}; 0 picks a free port.
Credentials: account ${DEFAULTS.accountId}, client ${DEFAULTS.clientId}, secret ${DEFAULTS.clientSecret}.
Demo data: user ${DEMO_USER_ID} with summary ${DEMO_SUMMARY_ID}; summary id scenario-<name> triggers a failure.
Control: GET /__emulator/stats, POST /__emulator/reset, POST /__emulator/config.`;

function parsePort(argv) {
  const index = argv.indexOf('--port');
  const value = index >= 0 ? argv[index + 1] : process.env.EMULATOR_PORT;
  const port = value === undefined ? DEFAULTS.port : Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`invalid port ${JSON.stringify(value)}: give an integer from 0 to 65535\n\n${USAGE}`);
    process.exit(2);
  }
  return port;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    console.log(USAGE);
    process.exit(0);
  }
  const emulator = await startEmulator({ port: parsePort(process.argv) });
  console.log(`Zoom emulator listening on ${emulator.origin}`);
  const stop = () => emulator.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
