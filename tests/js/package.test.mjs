// Tests of the installed npm package: its manifest, its entry points and a plain import in Node.
// scripts/test-installed.sh runs this file in a folder where `zoom-summary-doctor` was installed
// from the packed tarball, so it tests exactly the files that npm users install.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import test from 'node:test';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const manifestPath = require.resolve('zoom-summary-doctor/package.json');
const packageDir = dirname(manifestPath);
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));

const NOW = 1764590400;
const cases = JSON.parse(readFileSync(new URL('../cases/tokens.json', import.meta.url), 'utf8'));
const S2S_TOKEN = cases.find((entry) => entry.id === 'token-s2s-fresh').input;

test('plain import needs no init call', async () => {
  const { introspectToken } = await import('zoom-summary-doctor');

  const report = introspectToken(S2S_TOKEN, { now: NOW });

  assert.equal(report.kind, 's2s_access');
});

test('manifest names the package', () => {
  assert.equal(manifest.name, 'zoom-summary-doctor');
  assert.match(manifest.version, /^\d+\.\d+\.\d+/);
  assert.ok(manifest.description.length > 0, 'description is empty');
  assert.equal(manifest.license, 'MIT');
  assert.equal(manifest.type, 'module');
  // The entries name their exports, so a bundler that trusts this keeps their initSync call.
  assert.equal(manifest.sideEffects, false);
});

test('export conditions are in order', () => {
  const conditions = Object.keys(manifest.exports['.']);

  assert.deepEqual(conditions, ['types', 'workerd', 'node', 'browser', 'default']);
});

test('every listed file is installed', () => {
  for (const file of manifest.files) {
    assert.ok(existsSync(join(packageDir, file)), `${file} is missing from the installed package`);
  }
  for (const target of Object.values(manifest.exports['.'])) {
    assert.ok(existsSync(join(packageDir, target)), `export target ${target} is missing`);
  }
});

test('types declare introspectToken', () => {
  const types = readFileSync(join(packageDir, manifest.types), 'utf8');

  assert.match(types, /export function introspectToken\(/);
});

test('wasm subpath export resolves', () => {
  const wasmPath = require.resolve('zoom-summary-doctor/zoom_summary_doctor_bg.wasm');

  const bytes = readFileSync(wasmPath);

  assert.ok(WebAssembly.validate(bytes), 'the exported .wasm is not a valid module');
});

test('browser entry works after init', () => {
  // A child process, because in this one the node entry has already initialised the shared module.
  const browserEntry = pathToFileURL(join(packageDir, manifest.exports['.'].browser)).href;
  const wasmPath = require.resolve('zoom-summary-doctor/zoom_summary_doctor_bg.wasm');
  const script = `
    import { readFileSync } from 'node:fs';
    import init, { introspectToken } from ${JSON.stringify(browserEntry)};
    await init({ module_or_path: readFileSync(${JSON.stringify(wasmPath)}) });
    console.log(introspectToken(${JSON.stringify(S2S_TOKEN)}, { now: ${NOW} }).clientId);
  `;

  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });

  assert.equal(output.trim(), '-UAdtXqXePEMtRG8neDjda');
});
