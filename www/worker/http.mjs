// Responses, problem documents (RFC 9457), CORS and API-key checks.

const PROBLEM_TYPE = 'application/problem+json';

/** Returns a JSON response. */
export function json(body, status = 200, headers = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
}

/** Returns a problem response; `problem.status` is set to `status` when absent. */
export function problemResponse(problem, status, headers = {}) {
  const body = { ...problem, status: problem.status ?? status };
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': PROBLEM_TYPE, 'cache-control': 'no-store', ...headers },
  });
}

/**
 * Builds a problem document for a failure found by the worker itself (not by Zoom). `kind` names the
 * failure and its docs page under /problems/.
 */
export function workerProblem(origin, kind, status, title, detail, extra = {}) {
  return { type: `${origin}/problems/${kind}`, title, status, detail, kind, ...extra };
}

// Comparing equal-length digests makes the time independent of the keys' lengths, and the XOR loop
// does not stop at the first differing byte.
async function digest(text) {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

function constantTimeEqual(a, b) {
  let difference = 0;
  for (let index = 0; index < a.length; index += 1) {
    difference |= a[index] ^ b[index];
  }
  return difference === 0;
}

// The configured keys' digests, per key list, and configFor keeps one list per isolate. Only
// resolved values are stored, so no request awaits a promise that another request created.
const keyDigests = new WeakMap();

async function digestsOf(keys) {
  let digests = keyDigests.get(keys);
  if (!digests) {
    digests = await Promise.all(keys.map(digest));
    keyDigests.set(keys, digests);
  }
  return digests;
}

/**
 * Returns true when the request's `Authorization: Bearer <key>` matches one of `keys`. Every key is
 * compared, so the time taken does not reveal which one matched.
 */
export async function hasValidApiKey(request, keys) {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '');
  if (!match || keys.length === 0) {
    return false;
  }

  const [presented, expected] = await Promise.all([digest(match[1]), digestsOf(keys)]);
  const results = expected.map((keyDigest) => constantTimeEqual(presented, keyDigest));
  return results.includes(true);
}

/** Returns the CORS headers for `origin` when it is allowed, or null. */
export function corsHeaders(origin, allowedOrigins) {
  if (!origin || !allowedOrigins.includes(origin)) {
    return null;
  }
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': 'authorization, content-type',
    'access-control-expose-headers': 'retry-after',
    'access-control-max-age': '600',
    vary: 'Origin',
  };
}

/** Copies `extra` headers onto a response. */
export function withHeaders(response, extra) {
  if (!extra) {
    return response;
  }
  const copy = new Response(response.body, response);
  for (const [name, value] of Object.entries(extra)) {
    copy.headers.set(name, value);
  }
  return copy;
}

/** Reads a request body as text, rejecting bodies larger than `maxBytes`. Returns `{ text }` or `{ tooLarge: true }`. */
export async function readBodyLimited(request, maxBytes) {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBytes) {
    return { tooLarge: true };
  }

  const buffer = await request.arrayBuffer();
  if (buffer.byteLength > maxBytes) {
    return { tooLarge: true };
  }
  return { text: new TextDecoder().decode(buffer) };
}
