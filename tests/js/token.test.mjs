// introspectToken through the installed package: every case in tests/cases/tokens.json, the
// errors a JavaScript caller can catch, and the rule that no output repeats a token or secret.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import test from 'node:test';

import { introspectToken } from 'zoom-summary-doctor';

const NOW = 1764590400; // every case is judged at 2025-12-01T12:00:00Z
const cases = JSON.parse(readFileSync(new URL('../cases/tokens.json', import.meta.url), 'utf8'));
const S2S_TOKEN = cases.find((entry) => entry.id === 'token-s2s-fresh').input;

/** Returns the strings from a case input that no output may contain. */
function secretsOf(input) {
  const trimmed = input.trim();
  if (trimmed.startsWith('{')) {
    const response = JSON.parse(trimmed);
    return [response.access_token, response.refresh_token].filter(Boolean).flatMap(secretsOf);
  }
  const token = trimmed.replace(/^(authorization:\s*)?bearer\s+/i, '');
  const parts = token.split('.');
  return parts.length === 3 ? [token, parts[2]] : [token];
}

function assertInvalidArgument(call, label) {
  assert.throws(call, (error) => {
    assert.ok(error instanceof Error, `${label}: thrown value is not an Error`);
    assert.equal(error.code, 'invalid_argument', `${label}: code`);
    assert.ok(error.message.length > 0, `${label}: message is empty`);
    return true;
  });
}

for (const entry of cases) {
  test(`case ${entry.id}`, () => {
    const report = introspectToken(entry.input, { now: NOW });

    for (const [field, expected] of Object.entries(entry.expect)) {
      if (field === 'warningCodes') {
        const codes = report.warnings.map((warning) => warning.code);
        for (const code of expected) {
          assert.ok(codes.includes(code), `warning ${code} missing from [${codes}]`);
        }
      } else {
        assert.deepEqual(report[field], expected, `field ${field}`);
      }
    }
  });

  test(`case ${entry.id} leaks no secret`, () => {
    const text = JSON.stringify(introspectToken(entry.input, { now: NOW }));

    for (const secret of secretsOf(entry.input)) {
      assert.ok(!text.includes(secret), `report contains ${secret.slice(0, 6)}…`);
    }
  });
}

test('empty inputs throw invalid_argument', () => {
  for (const input of ['', '   ', '\n\t', 'Bearer', 'bearer  ', 'Authorization: Bearer', '""']) {
    assertInvalidArgument(() => introspectToken(input), JSON.stringify(input));
  }
});

test('non-string inputs throw invalid_argument', () => {
  for (const input of [undefined, null, 42, true, {}, ['token']]) {
    assertInvalidArgument(() => introspectToken(input), String(input));
  }
});

test('bad options throw invalid_argument', () => {
  for (const options of ['now', 17, { now: Number.NaN }, { now: Infinity }, { now: '1764590400' }]) {
    assertInvalidArgument(() => introspectToken(S2S_TOKEN, options), JSON.stringify(options));
  }
});

test('null options count as absent', () => {
  const absent = introspectToken(S2S_TOKEN);

  const nullOptions = introspectToken(S2S_TOKEN, null);
  const nullNow = introspectToken(S2S_TOKEN, { now: null });

  assert.equal(nullOptions.kind, absent.kind);
  assert.equal(nullNow.kind, absent.kind);
  // The token expired on 2025-12-01, so the real clock must report it expired.
  assert.equal(nullOptions.expired, true);
  assert.equal(nullNow.expired, true);
});

test('error messages leak no token', () => {
  const signature = S2S_TOKEN.split('.')[2];

  assert.throws(
    () => introspectToken(S2S_TOKEN, 'not options'),
    (error) => !error.message.includes(signature),
  );
});

test('arbitrary strings return or throw invalid_argument', () => {
  const alphabet = 'eyJhbGciOi.-_=+/ {}":,Bearer\n\t\u00e9\u{1F600}\0';
  let seed = 12345;
  const nextRandom = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed;
  };

  for (let round = 0; round < 2000; round += 1) {
    const length = nextRandom() % 80;
    const input = Array.from({ length }, () => alphabet[nextRandom() % alphabet.length]).join('');
    try {
      const report = introspectToken(input, { now: NOW });
      assert.equal(typeof report.kind, 'string', `no kind for ${JSON.stringify(input)}`);
    } catch (error) {
      assert.equal(error.code, 'invalid_argument', `unexpected error for ${JSON.stringify(input)}: ${error}`);
    }
  }
});
