/**
 * Parsers for text that users paste: header lists and raw HTTP response dumps from
 * `curl -i` or `curl -v`. They run in the browser and send nothing anywhere.
 */

const STATUS_LINE = /^HTTP\/[\d.]+\s+(\d{3})\b/i;
const REQUEST_LINE = /^([A-Z]+)\s+(\S+)\s+HTTP\/[\d.]+\s*$/;

/**
 * Parses header text into a plain object with lower-case names.
 *
 * Accepts one `Name: value` per line, or a JSON object. Lines without a colon are
 * skipped. A repeated header keeps its values joined with `, `, as HTTP allows.
 */
export function parseHeaderText(text) {
  const trimmed = String(text ?? '').trim();
  if (trimmed.startsWith('{')) {
    return parseHeaderJson(trimmed);
  }

  const headers = {};
  for (const line of trimmed.split(/\r?\n/)) {
    addHeaderLine(headers, stripCurlPrefix(line));
  }
  return headers;
}

function parseHeaderJson(text) {
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SyntaxError('Headers look like JSON but are not valid JSON. Paste one "Name: value" per line or a JSON object.');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new SyntaxError('Headers must be a JSON object such as {"retry-after": "2"}.');
  }

  const headers = {};
  for (const [name, value] of Object.entries(parsed)) {
    headers[name.toLowerCase()] = String(value);
  }
  return headers;
}

function addHeaderLine(headers, line) {
  const colon = line.indexOf(':');
  if (colon <= 0) {
    return;
  }

  const name = line.slice(0, colon).trim().toLowerCase();
  const value = line.slice(colon + 1).trim();
  if (!name || /\s/.test(name)) {
    return;
  }
  headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
}

// `curl -v` prefixes response headers with "< " and request headers with "> ".
function stripCurlPrefix(line) {
  return line.replace(/^<\s?/, '');
}

/**
 * Parses the text of `curl -i` or `curl -v` into `{ status, headers, body, request }`.
 *
 * When the dump contains several responses (a `100 Continue`, or redirects followed with
 * `-L`), the last one is used. `request` is `{ method, url }` when `curl -v` printed the
 * request line and a Host header, else null. Throws a SyntaxError when no HTTP status
 * line is found.
 */
export function parseResponseDump(text) {
  const lines = String(text ?? '').split(/\r?\n/);
  const request = findRequest(lines);

  const start = findLastStatusLine(lines);
  if (start < 0) {
    throw new SyntaxError('No HTTP status line such as "HTTP/1.1 400 Bad Request" was found. Paste the output of curl -i, or fill in status, headers and body.');
  }

  const status = Number(STATUS_LINE.exec(stripCurlPrefix(lines[start]))[1]);
  const { headers, bodyStart } = readHeaderBlock(lines, start + 1);
  const body = lines.slice(bodyStart).filter((line) => !isCurlVerboseLine(line)).join('\n').trim();
  return { status, headers, body, request };
}

function findLastStatusLine(lines) {
  for (let index = lines.length - 1; index >= 0; index -= 1) {
    if (STATUS_LINE.test(stripCurlPrefix(lines[index]))) {
      return index;
    }
  }
  return -1;
}

function readHeaderBlock(lines, first) {
  const headers = {};
  let index = first;
  for (; index < lines.length; index += 1) {
    const line = stripCurlPrefix(lines[index]);
    if (line.trim() === '') {
      index += 1;
      break;
    }
    if (!isCurlVerboseLine(lines[index])) {
      addHeaderLine(headers, line);
    }
  }
  return { headers, bodyStart: index };
}

// `curl -v` writes "* " for connection notes and "{ " / "} " for TLS data.
function isCurlVerboseLine(line) {
  return /^[*{}>] /.test(line) || line === '*';
}

function findRequest(lines) {
  let method = null;
  let path = null;
  let host = null;
  for (const line of lines) {
    if (!line.startsWith('> ')) {
      continue;
    }
    const content = line.slice(2);
    const requestLine = REQUEST_LINE.exec(content);
    if (requestLine) {
      [, method, path] = requestLine;
    } else if (/^host:/i.test(content)) {
      host = content.slice(5).trim();
    }
  }

  if (!method || !path) {
    return null;
  }
  if (/^https?:\/\//i.test(path)) {
    return { method, url: path };
  }
  // NOTE: curl -v does not print the scheme, so https is assumed. A plain-http request to a
  // local emulator shows up as https and needs its URL corrected by hand.
  return host ? { method, url: `https://${host}${path}` } : null;
}
