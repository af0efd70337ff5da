// The token broker: one Durable Object per Zoom account stores the token and the rate limiter, so
// every isolate shares one token and one request budget. Each isolate keeps a copy of the token in
// front of it, and falls back to isolate-local state when the binding is missing.

import { DurableObject } from 'cloudflare:workers';
import { mintToken } from 'zoom-summary-doctor';

import { mintConfig, readConfig } from './config.mjs';
import { SlidingWindowLimiter } from './limiter.mjs';
import { logWarning } from './log.mjs';
import { TokenStore, isFresh } from './token-store.mjs';

/** The Durable Object class bound as TOKEN_BROKER. */
export class TokenBroker extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    const config = readConfig(env);
    this.store = new TokenStore(() => mintToken(mintConfig(config)));
    this.limiters = new Map();
    this.tokenRequests = 0;
    this.reservations = 0;
  }

  /** Returns the account's token; see `TokenStore.get`. */
  async getToken(options) {
    this.tokenRequests += 1;
    return this.store.get(options);
  }

  /** Reserves a call slot; see `SlidingWindowLimiter.reserve`. */
  reserve({ ratePerSecond, maxQueueMs }) {
    this.reservations += 1;
    return limiterFor(this.limiters, ratePerSecond, maxQueueMs).reserve(Date.now());
  }

  /**
   * Returns counters for tests: `mints`, and the `getToken` and `reserve` calls that reached this
   * object, which show how often the isolates' requests needed a round trip to it.
   */
  stats() {
    return { mints: this.store.mints, tokenRequests: this.tokenRequests, reservations: this.reservations };
  }
}

function limiterFor(limiters, ratePerSecond, maxQueueMs) {
  const key = `${ratePerSecond}:${maxQueueMs}`;
  let limiter = limiters.get(key);
  if (!limiter) {
    limiter = new SlidingWindowLimiter({ ratePerSecond, maxQueueMs });
    limiters.set(key, limiter);
  }
  return limiter;
}

// Isolate-wide state. The token copy saves a Durable Object round trip on most requests.
const isolateTokens = new Map();
const brokerIds = new Map();
const localStores = new Map();
const localLimiters = new Map();
let warnedNoBinding = false;

function accountKey(config) {
  return `${config.clientId}:${config.accountId}`;
}

function warnOnce() {
  if (!warnedNoBinding) {
    warnedNoBinding = true;
    logWarning('TOKEN_BROKER binding is missing: each isolate mints its own token and limits only its own calls');
  }
}

// The id is derived once per isolate. The stub is made per request, and only when the request
// needs the Durable Object, because the isolate's token copy serves most requests alone.
function remoteBroker(namespace, key) {
  let id = brokerIds.get(key);
  if (!id) {
    id = namespace.idFromName(key);
    brokerIds.set(key, id);
  }
  return namespace.get(id);
}

/**
 * Returns `{ getToken, reserve }` for `fetchSummary`, backed by the account's Durable Object when
 * `env.TOKEN_BROKER` is bound and by isolate-local state otherwise.
 */
export function brokerFor(env, config) {
  const key = accountKey(config);
  const namespace = env.TOKEN_BROKER ?? null;
  if (!namespace) {
    warnOnce();
  }
  let stub = null;
  const remote = () => {
    stub ??= remoteBroker(namespace, key);
    return stub;
  };

  // The isolate's fresh copy is returned directly, not in a promise, which spares fetchSummary a
  // timer per request. Only a mint or a Durable Object call returns a promise.
  const getToken = ({ forceRefresh = false, rejectedFingerprint = null } = {}) => {
    const copy = isolateTokens.get(key);
    if (!forceRefresh && isFresh(copy, Math.floor(Date.now() / 1000))) {
      return { ...copy, cached: true };
    }
    return fetchToken(forceRefresh, rejectedFingerprint);
  };

  const fetchToken = async (forceRefresh, rejectedFingerprint) => {
    const result = namespace
      ? await remote().getToken({ forceRefresh, rejectedFingerprint })
      : await localStore(key, config).get({ forceRefresh, rejectedFingerprint });
    if (result.ok) {
      isolateTokens.set(key, result);
    }
    return result;
  };

  const reserve = (options) => (namespace ? remote().reserve(options) : limiterFor(localLimiters, options.ratePerSecond, options.maxQueueMs).reserve(Date.now()));
  return { getToken, reserve };
}

function localStore(key, config) {
  let store = localStores.get(key);
  if (!store) {
    store = new TokenStore(() => mintToken(mintConfig(config)));
    localStores.set(key, store);
  }
  return store;
}

/** Forgets the isolate's token copies; tests call it between cases that share an isolate. */
export function clearIsolateTokens() {
  isolateTokens.clear();
  localStores.clear();
  localLimiters.clear();
}
