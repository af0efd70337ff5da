/**
 * Node tests of the widget's pure modules: the pasted-text parsers and the support bundle.
 * They need no browser and no package build.
 */

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { parseHeaderText, parseResponseDump } from '../../www/widget/parse.js';
import { buildSupportBundle, redactUrl, scrubSecrets } from '../../www/widget/support-bundle.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const tokens = JSON.parse(await readFile(join(ROOT, 'tests/cases/tokens.json'), 'utf8'));
const TOKEN = tokens.find((item) => item.id === 'token-s2s-fresh').input;
const TOKEN_RESPONSE = tokens.find((item) => item.id === 'token-response-json').input;
const SIGNATURE = TOKEN.split('.')[2];

describe('parseHeaderText', () => {
  test('name-value lines', () => {
    const headers = parseHeaderText('Retry-After: 2\r\nX-ZM-TrackingId: v=2.0;clid=us06\nnot a header\n');
    assert.deepEqual(headers, { 'retry-after': '2', 'x-zm-trackingid': 'v=2.0;clid=us06' });
  });

  test('repeated header joins values', () => {
    assert.deepEqual(parseHeaderText('vary: a\nvary: b'), { vary: 'a, b' });
  });

  test('JSON object', () => {
    assert.deepEqual(parseHeaderText('{"Retry-After": 2}'), { 'retry-after': '2' });
  });

  test('invalid JSON raises SyntaxError', () => {
    assert.throws(() => parseHeaderText('{"a": '), { name: 'SyntaxError', message: /not valid JSON/ });
  });

  test('value with colons is kept whole', () => {
    assert.deepEqual(parseHeaderText('retry-after: 2025-12-02T00:00:00Z'), { 'retry-after': '2025-12-02T00:00:00Z' });
  });
});

describe('parseResponseDump', () => {
  test('curl -i output', () => {
    const dump = 'HTTP/2 404\r\ncontent-type: application/json\r\nx-zm-trackingid: abc\r\n\r\n{"code": 1001, "message": "User does not exist"}\r\n';
    assert.deepEqual(parseResponseDump(dump), {
      status: 404,
      headers: { 'content-type': 'application/json', 'x-zm-trackingid': 'abc' },
      body: '{"code": 1001, "message": "User does not exist"}',
      request: null,
    });
  });

  test('last response after 100 Continue and a redirect', () => {
    const dump = ['HTTP/1.1 100 Continue', '', 'HTTP/1.1 301 Moved Permanently', 'location: https://api.zoom.us/v2/x', '',
      'HTTP/1.1 401 Unauthorized', 'x-zm-trackingid: last', '', '{"code": 124}'].join('\n');
    const parsed = parseResponseDump(dump);
    assert.equal(parsed.status, 401);
    assert.deepEqual(parsed.headers, { 'x-zm-trackingid': 'last' });
    assert.equal(parsed.body, '{"code": 124}');
  });

  test('curl -v output gives the request too', () => {
    const dump = [
      '* Connected to api.zoom.us (1.2.3.4) port 443',
      '> GET /v2/phone/user/me/ai_call_summary/abc HTTP/2',
      '> Host: api.zoom.us',
      '> authorization: Bearer secret',
      '>',
      '< HTTP/2 401',
      '< content-type: application/json',
      '<',
      '{"code": 124, "message": "Invalid access token."}',
      '* Connection #0 to host api.zoom.us left intact',
    ].join('\n');
    const parsed = parseResponseDump(dump);

    assert.equal(parsed.status, 401);
    assert.deepEqual(parsed.headers, { 'content-type': 'application/json' });
    assert.equal(parsed.body, '{"code": 124, "message": "Invalid access token."}');
    assert.deepEqual(parsed.request, { method: 'GET', url: 'https://api.zoom.us/v2/phone/user/me/ai_call_summary/abc' });
  });

  test('no status line raises SyntaxError', () => {
    assert.throws(() => parseResponseDump('{"code": 124}'), { name: 'SyntaxError', message: /No HTTP status line/ });
  });
});

describe('support bundle', () => {
  const diagnosis = {
    kind: 'token_invalid',
    title: 'Invalid access token',
    trackingId: 'v=2.0;clid=us06;rid=WEB_1',
    zoom: { status: 401, code: 124, message: 'Invalid access token.' },
    missingScopes: [],
  };

  test('redactUrl removes token query values', () => {
    assert.equal(redactUrl(`https://api.zoom.us/v2/users/me?access_token=${TOKEN}&page_size=30`),
      'https://api.zoom.us/v2/users/me?access_token=%5Bremoved%5D&page_size=30');
  });

  test('redactUrl drops the query of an unparsable URL', () => {
    assert.equal(redactUrl('/v2/users?access_token=abc'), '/v2/users');
  });

  test('scrubSecrets removes tokens and signatures', () => {
    const text = scrubSecrets(`a ${TOKEN} b ${SIGNATURE} c my-webhook-secret`, [TOKEN_RESPONSE, 'my-webhook-secret']);
    assert.equal(text, 'a [removed] b [removed] c [removed]');
  });

  test('bundle keeps ids and drops the token', () => {
    const text = buildSupportBundle({
      diagnosis,
      request: { method: 'GET', url: `https://api.zoom.us/v2/phone/user/me/ai_call_summary/abc?token=${TOKEN}` },
      headers: { 'x-zm-trackingid': 'v=2.0;clid=us06;rid=WEB_1', authorization: `Bearer ${TOKEN}`, 'set-cookie': 'session=1' },
      token: { kind: 's2s_access', fingerprint: '0123456789ab', clientId: 'client', accountId: 'account', expiresAt: 1764593400, expired: false, scopes: null },
      secrets: [TOKEN_RESPONSE],
      now: 1764590400,
    });

    assert.match(text, /^Generated: 2025-12-01T12:00:00Z$/m);
    assert.match(text, /^Tracking ID \(x-zm-trackingid\): v=2\.0;clid=us06;rid=WEB_1$/m);
    assert.match(text, /^Zoom error code: 124$/m);
    assert.match(text, /^Token fingerprint \(SHA-256, first 12 hex digits\): 0123456789ab$/m);
    assert.ok(!text.includes('authorization'), 'bundle lists the Authorization header');
    assert.ok(!text.includes('set-cookie'), 'bundle lists a cookie');
    assert.ok(!text.includes(SIGNATURE), 'bundle contains the token signature');
  });
});
