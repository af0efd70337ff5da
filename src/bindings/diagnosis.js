// Builds the object that `classifyFailure` returns from the packed form that
// src/bindings/diagnosis.rs writes. V8 creates objects from literals of a fixed shape much faster
// than `JSON.parse` creates them from text (see diagnosis.rs for the figures).

let text = '';
let table = null;
let textOffset = 0;
let tableIndex = 0;

/** Reads the next string, or `null` for a length of -1. Lengths count UTF-16 code units. */
function nextString() {
  const length = table[tableIndex++];
  if (length < 0) {
    return null;
  }
  const value = text.slice(textOffset, textOffset + length);
  textOffset += length;
  return value;
}

/** Reads the next number, or `null` for NaN. */
function nextNumber() {
  const value = table[tableIndex++];
  return Number.isNaN(value) ? null : value;
}

/** Reads a count and that many strings, or `null` for a count of -1. */
function nextStrings() {
  const count = table[tableIndex++];
  if (count < 0) {
    return null;
  }
  const values = new Array(count);
  for (let index = 0; index < count; index++) {
    values[index] = nextString();
  }
  return values;
}

function nextRateLimit() {
  if (table[tableIndex++] === 0) {
    return null;
  }
  const type = nextString();
  const category = nextString();
  const limit = nextNumber();
  const remaining = nextNumber();
  return { type, category, limit, remaining };
}

function nextZoom() {
  const status = nextNumber();
  const code = nextNumber();
  const message = nextString();
  return { status, code, message };
}

function nextAlternatives() {
  const count = table[tableIndex++];
  const alternatives = new Array(count);
  for (let index = 0; index < count; index++) {
    const kind = nextString();
    const why = nextString();
    const tellApart = nextString();
    alternatives[index] = { kind, why, tellApart };
  }
  return alternatives;
}

/**
 * Builds a diagnosis and its `problem` from the strings concatenated in `packedText` and the
 * lengths, counts and numbers in `packedTable`, read in the order `PackedDiagnosis::write` writes
 * them. The members are created in the order of `Diagnosis::to_json`, so `JSON.stringify` of the
 * result equals that text.
 */
export function buildDiagnosis(packedText, packedTable) {
  text = packedText;
  table = packedTable;
  textOffset = 0;
  tableIndex = 0;

  const kind = nextString();
  const title = nextString();
  const explanation = nextString();
  const fixes = nextStrings();
  const retryable = table[tableIndex++] !== 0;
  const retryAt = nextString();
  const retryAfterSeconds = nextNumber();
  const missingScopes = nextStrings();
  const heldScopes = nextStrings();
  const rateLimit = nextRateLimit();
  const oauthError = nextString();
  const zoom = nextZoom();
  const trackingId = nextString();
  const cluster = nextString();
  const evidence = nextStrings();
  const alternatives = nextAlternatives();
  const type = nextString();
  const status = nextNumber();
  const instance = nextString();

  // Release the text and the view of WebAssembly memory until the next call.
  text = '';
  table = null;

  // `instance` is left out, not null, when unknown, as in `Problem`'s JSON.
  const problem = { type, title, status, detail: explanation };
  if (instance !== null) {
    problem.instance = instance;
  }
  problem.kind = kind;
  problem.explanation = explanation;
  problem.fixes = fixes;
  problem.retryable = retryable;
  problem.retryAt = retryAt;
  problem.retryAfterSeconds = retryAfterSeconds;
  problem.missingScopes = missingScopes;
  problem.heldScopes = heldScopes;
  problem.rateLimit = rateLimit;
  problem.oauthError = oauthError;
  problem.zoom = zoom;
  problem.trackingId = trackingId;
  problem.cluster = cluster;
  problem.evidence = evidence;
  problem.alternatives = alternatives;

  return {
    kind,
    title,
    explanation,
    fixes,
    retryable,
    retryAt,
    retryAfterSeconds,
    missingScopes,
    heldScopes,
    rateLimit,
    oauthError,
    zoom,
    trackingId,
    cluster,
    evidence,
    alternatives,
    problem,
  };
}
