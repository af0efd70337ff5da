// The worker in workerd against hostile input: ids that only the library rejects, prototype keys as
// problem kinds, secrets in unknown paths, hosts outside Zoom, unusable Retry-After values, an
// oversized summary and a JWT in Zoom's tracking header. The upstream is a loopback server defined
// here, because the emulator responds as Zoom does and these responses are ones Zoom does not send.

import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';

import { API_KEY, authorized, readResponse, startStack } from './harness.mjs';

const SIGNATURE = 'SIGNATUREPARTsecretsecretsecretsecretsecretsecretsecretsecret12';
const TOKEN =
  'eyJhbGciOiJIUzUxMiJ9.eyJ0eXBlIjozLCJhdWQiOiJodHRwczovL29hdXRoLnpvb20udXMiLCJpc3MiOiJ6bTpjaWQ6ZGVtby1jbGllbnQiLCJleHAiOjQxMDI0NDQ4MDAsImlhdCI6MTc2NDU5MDQwMH0.' +
  SIGNATURE;
const BIG_SUMMARY_BYTES = 6 * 1024 * 1024;

// Each summary id selects the response the upstream sends: [status, headers, body].
const RESPONSES = {
  'retry-absent': () => [429, { 'x-ratelimit-type': 'QPS' }, ''],
  'retry-negative': () => [429, { 'x-ratelimit-type': 'QPS', 'retry-after': '-5' }, ''],
  'retry-huge': () => [429, { 'x-ratelimit-type': 'QPS', 'retry-after': '99999999999999999999' }, ''],
  'daily-huge': () => [429, { 'x-ratelimit-type': 'Daily-limit', 'retry-after': '99999999999999999999' }, ''],
  'big-summary': () => [200, { 'content-type': 'application/json' }, JSON.stringify({ call_summary: 'x'.repeat(BIG_SUMMARY_BYTES) })],
  'jwt-tracking': () => [404, { 'content-type': 'application/json', 'x-zm-trackingid': TOKEN }, JSON.stringify({ code: 1001, message: 'User does not exist: u1.' })],
  'signature-tracking': () => [200, { 'content-type': 'application/json', 'x-zm-trackingid': SIGNATURE }, JSON.stringify({ call_summary: 'ok' })],
};

function respond(req, res) {
  if (req.url.startsWith('/oauth/token')) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ access_token: TOKEN, token_type: 'bearer', expires_in: 3600, scope: 'phone:read:ai_call_summary:admin' }));
    return;
  }
  const id = decodeURIComponent(req.url.split('?')[0].split('/').pop());
  const [status, headers, body] = (RESPONSES[id] ?? (() => [200, { 'content-type': 'application/json' }, JSON.stringify({ call_summary: 'ok' })]))();
  res.writeHead(status, headers);
  res.end(body);
}

async function startUpstream() {
  const server = createServer(respond);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}


describe('worker against the emulator', () => {
  let stack;

  before(async () => {
    stack = await startStack();
  });

  after(async () => {
    await stack.close();
  });

  for (const [path, why] of [
    ['/v1/summaries/%252e%252e/demo-summary', 'double-encoded dot segment'],
    ['/v1/summaries/%2500/demo-summary', 'encoded percent-encoded NUL'],
    ['/v1/summaries/x%C2%85/demo-summary', 'trailing NEL'],
    [`/v1/summaries/demo-user/${'%C3%A9'.repeat(200)}`, '400-byte summary id'],
    [`/v1/summaries/demo-user/demo-summary?subAccountId=${'%C3%A9'.repeat(200)}`, '400-byte sub-account id'],
  ]) {
    test(`library-rejected id: ${why}`, async () => {
      const result = await readResponse(await stack.fetch(path, authorized()));
      assert.equal(result.status, 400, result.body);
      assert.equal(result.json.kind, 'invalid_id');
      assert.match(result.json.detail, /^target\.(userId|summaryId|subAccountId) /);
    });
  }

  test('256-byte id reaches zoom', async () => {
    const result = await readResponse(await stack.fetch(`/v1/summaries/demo-user/${'%C3%A9'.repeat(128)}`, authorized()));
    assert.notEqual(result.json?.kind, 'invalid_id', result.body);
    assert.notEqual(result.status, 500, result.body);
  });

  test('diagnose probe reports library-rejected id', async () => {
    const result = await readResponse(await stack.fetch('/v1/diagnose?userId=demo-user&summaryId=%2500', authorized()));
    assert.equal(result.status, 200, result.body);
    assert.match(result.json.probe.error, /^target\.summaryId /);
  });

  for (const kind of ['constructor', '__proto__', 'hasownproperty', 'tostring', 'valueof', 'no_such_kind']) {
    test(`problem page for unknown kind ${kind}`, async () => {
      for (const accept of ['text/html', 'application/json']) {
        const result = await readResponse(await stack.fetch(`/problems/${kind}`, { headers: { accept } }));
        assert.equal(result.status, 404, `${accept}: ${result.body}`);
        assert.equal(result.json.kind, 'problem_not_found');
      }
    });
  }

  test('404 does not echo path or query', async () => {
    const secrets = [API_KEY, TOKEN, SIGNATURE, 'query-secret-9b1e'];
    const paths = [`/v1/${API_KEY}`, `/v1/summaries/${TOKEN}`, `/${SIGNATURE}/x`, '/v1/nothing?token=query-secret-9b1e'];
    for (const path of paths) {
      const result = await readResponse(await stack.fetch(path, authorized()));
      assert.equal(result.status, 404, `${path}: ${result.body}`);
      assert.equal(result.json.kind, 'route_not_found');
      for (const secret of secrets) {
        assert.ok(!result.body.includes(secret), `${path} echoed ${secret.slice(0, 12)}…`);
      }
    }
  });
});

describe('worker with a host outside zoom', () => {
  const settings = [
    ['ZOOM_API_HOST', 'https://evil.example'],
    ['ZOOM_API_HOST', 'https://admin:hunter2secret@api.zoom.us'],
    ['ZOOM_OAUTH_HOST', 'https://evil.example'],
    ['ZOOM_OAUTH_HOST', 'https://admin:hunter2secret@zoom.us'],
  ];

  for (const [name, value] of settings) {
    test(`${name}=${value.replace('hunter2secret', '***')}`, async () => {
      const stack = await startStack({ vars: { [name]: value } });
      try {
        for (const path of ['/v1/summaries/demo-user/demo-summary', '/v1/diagnose', '/v1/diagnose?userId=demo-user&summaryId=demo-summary']) {
          const result = await readResponse(await stack.fetch(path, authorized()));
          assert.equal(result.status, 500, `${path}: ${result.body}`);
          assert.equal(result.json.kind, 'configuration_invalid', path);
          assert.match(result.json.detail, new RegExp(`^${name} `), path);
          assert.ok(!result.body.includes('hunter2secret'), `${path} echoed the password`);
        }
        assert.ok(!stack.logs.some((line) => line.includes('hunter2secret')), 'a log line has the password');
      } finally {
        await stack.close();
      }
    });
  }
});

describe('worker against a hostile upstream', () => {
  let upstream;
  let stack;

  before(async () => {
    upstream = await startUpstream();
    stack = await startStack({ vars: { ZOOM_API_HOST: upstream.origin, ZOOM_OAUTH_HOST: upstream.origin } });
  });

  after(async () => {
    await stack.close();
    await upstream.close();
  });

  for (const id of ['retry-absent', 'retry-negative', 'retry-huge', 'daily-huge']) {
    test(`429 retry-after from ${id}`, async () => {
      const result = await readResponse(await stack.fetch(`/v1/summaries/u1/${id}`, authorized()));
      assert.equal(result.status, 429, result.body);
      const header = result.headers.get('retry-after');
      assert.match(header ?? '', /^[0-9]+$/, `Retry-After ${header}`);
      assert.ok(Number(header) >= 1, `Retry-After ${header}`);
      assert.ok(Number(header) <= 86_400, `Retry-After ${header}`);
    });
  }

  test('oversized summary is a 502 problem', async () => {
    const result = await readResponse(await stack.fetch('/v1/summaries/u1/big-summary', authorized()));
    assert.equal(result.status, 502, result.body.slice(0, 300));
    assert.equal(result.json.kind, 'upstream_response_too_large');
    assert.ok(result.body.length < 64 * 1024, `body is ${result.body.length} characters`);
  });

  test('jwt tracking id is scrubbed', async () => {
    const before = stack.logs.length;
    for (const id of ['jwt-tracking', 'signature-tracking']) {
      const result = await readResponse(await stack.fetch(`/v1/summaries/u1/${id}`, authorized()));
      assert.ok(!result.body.includes(SIGNATURE), `${id} response has the signature`);
    }

    const lines = stack.logs.slice(before).filter((line) => line.includes('"route":"summaries"'));
    assert.equal(lines.length, 2, stack.logs.slice(before).join('\n'));
    for (const line of lines) {
      assert.ok(!line.includes(SIGNATURE), `log line has the signature: ${line.slice(0, 200)}`);
      assert.ok(!line.includes('eyJ'), `log line has a JWT: ${line.slice(0, 200)}`);
      assert.match(line, /"trackingId":"\[redacted\]"/);
    }
  });
});
