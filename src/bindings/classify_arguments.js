// Reads the arguments of `classifyFailure` in one call from WebAssembly, for
// src/bindings/classify_arguments.rs. It performs the same JavaScript operations in the same order
// as the Rust readers it replaced: property reads, `Symbol.iterator`, `Object.entries` and
// `Array.from`. So getters and iterators run as often and in the same order as before, and the
// read stops at the first invalid value. The error messages stay in Rust, because this module
// returns only an error code, and for a header value the header name.

// Error codes, which `argument_error` in classify_arguments.rs turns into messages.
const RESPONSE_NOT_OBJECT = 1;
const STATUS_INVALID = 2;
const HEADERS_NOT_OBJECT = 3;
const HEADERS_NOT_ITERABLE = 4;
const HEADER_ENTRY_INVALID = 5;
const HEADER_VALUE_INVALID = 6;
const BODY_INVALID = 7;
const CONTEXT_NOT_OBJECT = 8;
const NOW_INVALID = 9;
const REQUEST_NOT_OBJECT = 10;
const URL_INVALID = 11;
const METHOD_INVALID = 12;
const TOKEN_NOT_JSON = 13;
const TOKEN_INVALID = 14;
// An exception from the caller's code, which `takeThrown` returns.
const RETHROW = 15;
// A getter that threw: the code plus the property's index in `PROPERTY_NAMES` in classify_arguments.rs.
const GETTER_THREW = 16;

// Bits of the flags number.
const HAS_CONTEXT = 1;
const HAS_NOW = 2;
const HAS_REQUEST = 4;
const HAS_METHOD = 8;
const HAS_TOKEN = 16;

/** The error that ends a read: `code`, and the header name for `HEADER_VALUE_INVALID`. */
class ArgumentError {
  constructor(code, name = '') {
    this.code = code;
    this.name = name;
  }
}


function isAbsent(value) {
  return value === undefined || value === null;
}

function isObject(value) {
  return typeof value === 'object' && value !== null;
}

function isPlainObject(value) {
  return isObject(value) && !Array.isArray(value);
}

/**
 * The result of one call: the integers and strings read so far, and the UTF-16 length of each
 * string. Each call has its own, because a getter may call `classifyFailure` again.
 */
class Output {
  constructor() {
    this.status = 0;
    this.headerCount = 0;
    this.flags = 0;
    this.now = 0;
    this.lengths = [];
    this.strings = [];
  }

  pushString(value) {
    this.lengths.push(value.length);
    this.strings.push(value);
  }

  /**
   * Returns `0,status,headerCount,flags,length,...;`, then each string followed by a NUL. The NUL
   * keeps a lone surrogate at the end of one string from pairing with the start of the next.
   */
  pack() {
    // Concatenation built this faster than `join`, and `encodeInto` flattens the result once.
    let packed = `0,${this.status},${this.headerCount},${this.flags}`;
    for (const length of this.lengths) {
      packed += `,${length}`;
    }
    packed += ';';
    for (const value of this.strings) {
      packed += `${value}\0`;
    }
    return packed;
  }
}

// `context.now` of the last call, which `takeNow` returns: it is the one number that is not an
// integer, and decimal text would need a float parser in WebAssembly.
let lastNow = 0;

// The exception of the last call that ended in `RETHROW`, which `takeThrown` returns. Rust throws
// it again as the result of `classifyFailure`. Returning it through this variable rather than
// throwing it through wasm-bindgen's `catch` import left one externref table slot allocated per
// exception (wasm-bindgen 0.2.130: the table grew by about 17,000 slots in 20,000 calls).
let lastThrown;

/**
 * Reads the arguments and returns them packed as `Output.pack` describes. The strings are the
 * header names and values, the body, the URL, the method and the token, each when present. For
 * an invalid argument it returns `code;headerName`, where the header name is empty except for
 * `HEADER_VALUE_INVALID`. What `Object.entries`, `Array.from` or the getters of a header entry
 * throw is returned as the code `RETHROW`, for Rust to throw it again as it did when it read the
 * arguments itself.
 */
export function readFailureArguments(response, context) {
  try {
    const output = new Output();
    readResponse(response, output);
    readContext(context, output);
    lastNow = output.now;
    return output.pack();
  } catch (error) {
    if (error instanceof ArgumentError) {
      return `${error.code};${error.name}`;
    }
    lastThrown = error;
    return `${RETHROW};`;
  }
}

/** Returns `context.now` of the last `readFailureArguments` call that set `HAS_NOW`. */
export function takeNow() {
  return lastNow;
}

/** Returns the exception of the last `readFailureArguments` call that returned `RETHROW`, and clears it. */
export function takeThrown() {
  const error = lastThrown;
  lastThrown = undefined;
  return error;
}

/** Reads `object[name]`. A getter that throws becomes the error `GETTER_THREW + index`. */
function readProperty(object, name, index) {
  try {
    return object[name];
  } catch {
    throw new ArgumentError(GETTER_THREW + index);
  }
}

function readResponse(response, output) {
  if (!isPlainObject(response)) {
    throw new ArgumentError(RESPONSE_NOT_OBJECT);
  }

  const status = readProperty(response, 'status', 0);
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 0 || status > 999) {
    throw new ArgumentError(STATUS_INVALID);
  }
  output.status = status;

  output.headerCount = readHeaders(readProperty(response, 'headers', 1), output);

  const body = readProperty(response, 'body', 2);
  if (isAbsent(body)) {
    output.pushString('');
  } else if (typeof body === 'string') {
    output.pushString(body);
  } else {
    throw new ArgumentError(BODY_INVALID);
  }
}

/** Reads the headers as `js_sys::try_iter` and the pair and object readers did; returns the count. */
function readHeaders(headers, output) {
  if (isAbsent(headers)) {
    return 0;
  }
  if (!isObject(headers)) {
    throw new ArgumentError(HEADERS_NOT_OBJECT);
  }

  let iteratorFunction;
  try {
    iteratorFunction = headers[Symbol.iterator];
  } catch {
    throw new ArgumentError(HEADERS_NOT_ITERABLE);
  }
  if (typeof iteratorFunction === 'function') {
    let iterator;
    try {
      iterator = iteratorFunction.call(headers);
    } catch {
      throw new ArgumentError(HEADERS_NOT_ITERABLE);
    }
    if (isObject(iterator) && typeof iterator.next === 'function') {
      return readHeaderPairs(iterator, output);
    }
  }
  return readHeaderObject(headers, output);
}

function readHeaderPairs(iterator, output) {
  let count = 0;
  for (;;) {
    let step;
    try {
      step = iterator.next();
    } catch {
      throw new ArgumentError(HEADERS_NOT_ITERABLE);
    }
    // wasm-bindgen converted `done` to a bool as WebAssembly converts to i32, not by truthiness.
    // The unary plus makes a BigInt raise the TypeError that conversion raised.
    if ((+step.done | 0) !== 0) {
      return count;
    }
    const pair = step.value;
    if (!Array.isArray(pair) || (+pair.length | 0) !== 2) {
      throw new ArgumentError(HEADER_ENTRY_INVALID);
    }
    const name = pair[0];
    if (typeof name !== 'string') {
      throw new ArgumentError(HEADER_ENTRY_INVALID);
    }
    count += readHeader(name, pair[1], output);
  }
}

function readHeaderObject(headers, output) {
  const entries = Object.entries(headers);
  let count = 0;
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index];
    count += readHeader(entry[0], entry[1], output);
  }
  return count;
}

/**
 * Adds a header whose value is a string, a number (in JavaScript's own formatting) or an array
 * of strings joined with ", ". Returns 0 for a null or undefined value, which drops the header.
 */
function readHeader(name, value, output) {
  if (isAbsent(value)) {
    return 0;
  }
  let text;
  if (typeof value === 'string') {
    text = value;
  } else if (typeof value === 'number') {
    try {
      text = value.toString(10);
    } catch {
      throw new ArgumentError(HEADER_VALUE_INVALID, name);
    }
  } else if (Array.isArray(value)) {
    const parts = Array.from(value);
    for (let index = 0; index < parts.length; index++) {
      if (typeof parts[index] !== 'string') {
        throw new ArgumentError(HEADER_VALUE_INVALID, name);
      }
    }
    text = parts.join(', ');
  } else {
    throw new ArgumentError(HEADER_VALUE_INVALID, name);
  }
  output.pushString(name);
  output.pushString(text);
  return 1;
}

function readContext(context, output) {
  if (isAbsent(context)) {
    return;
  }
  if (!isPlainObject(context)) {
    throw new ArgumentError(CONTEXT_NOT_OBJECT);
  }
  output.flags |= HAS_CONTEXT;

  const now = readProperty(context, 'now', 3);
  if (!isAbsent(now)) {
    if (typeof now !== 'number') {
      throw new ArgumentError(NOW_INVALID);
    }
    output.flags |= HAS_NOW;
    output.now = now;
  }

  readRequest(readProperty(context, 'request', 4), output);
  readToken(readProperty(context, 'token', 5), output);
}

function readRequest(request, output) {
  if (isAbsent(request)) {
    return;
  }
  if (!isPlainObject(request)) {
    throw new ArgumentError(REQUEST_NOT_OBJECT);
  }

  const url = readProperty(request, 'url', 6);
  if (typeof url !== 'string') {
    throw new ArgumentError(URL_INVALID);
  }
  const method = readProperty(request, 'method', 7);
  const hasMethod = !isAbsent(method);
  if (hasMethod && typeof method !== 'string') {
    throw new ArgumentError(METHOD_INVALID);
  }

  output.flags |= HAS_REQUEST;
  output.pushString(url);
  if (hasMethod) {
    output.flags |= HAS_METHOD;
    output.pushString(method);
  }
}

/** Reads the token: a string, or a token-response object turned back into JSON text. */
function readToken(token, output) {
  if (isAbsent(token)) {
    return;
  }
  let text;
  if (typeof token === 'string') {
    text = token;
  } else if (isPlainObject(token)) {
    try {
      text = JSON.stringify(token);
    } catch {
      throw new ArgumentError(TOKEN_NOT_JSON);
    }
    // `JSON.stringify` returns undefined when `toJSON` does, which counts as no token.
    if (typeof text !== 'string') {
      return;
    }
  } else {
    throw new ArgumentError(TOKEN_INVALID);
  }
  output.flags |= HAS_TOKEN;
  output.pushString(text);
}
