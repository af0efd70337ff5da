#!/usr/bin/env node
/**
 * Measures classifyFailure and introspectToken in the wasm build under Node, against a floor.
 *
 * Usage: node scripts/perf-classify.mjs [PKG_DIR] [--json]
 *   PKG_DIR  the npm package from `make pkg` (pkg/), or the output of
 *            `wasm-bindgen --target nodejs` (default /tmp/perf-pkg)
 *   --json   print one JSON object instead of the table
 *
 * Build the package first with `make pkg`, which builds at the release profile's opt-level "z".
 *
 * Both calls use the seed case `seed-master-path-104` of tests/cases/failures.json.
 * - classifyFailure(response, context) with context.now fixed. Its floor is JSON.parse of the
 *   response body plus JSON.parse of the diagnosis's own JSON text.
 * - introspectToken(accessToken, { now }) with the case's access token. Its floor is the base64url
 *   decoding and JSON.parse of the token's payload plus JSON.parse of the report's JSON text.
 * The JSON texts of the floors are built once, outside the timed loops.
 *
 * Each figure is the median over BATCHES batches of the mean time per call within a batch, after
 * WARMUP calls. Call and floor batches alternate, and the ratio is the median of the per-batch
 * ratios call / floor. The product's target is a ratio of 3 or less.
 */

import { existsSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CASE_ID = 'seed-master-path-104';
const TARGET_RATIO = 3;
const WARMUP = 2000;
const BATCHES = 41;
const CALLS_PER_BATCH = 500;

const args = process.argv.slice(2);
const asJson = args.includes('--json');
const packageDir = resolve(args.find((arg) => !arg.startsWith('--')) ?? '/tmp/perf-pkg');

const doctor = await loadPackage(packageDir);
const cases = JSON.parse(readFileSync(join(ROOT, 'tests', 'cases', 'failures.json'), 'utf8'));
const seed = cases.find((item) => item.id === CASE_ID);
if (!seed) {
  throw new Error(`tests/cases/failures.json has no case with id ${CASE_ID}`);
}

/**
 * Loads the package: its Node entry, which instantiates the wasm module at import, or else the
 * CommonJS file that `wasm-bindgen --target nodejs` writes.
 */
async function loadPackage(dir) {
  const nodeEntry = join(dir, 'index.node.js');
  if (existsSync(nodeEntry)) {
    return import(pathToFileURL(nodeEntry).href);
  }
  return createRequire(import.meta.url)(join(dir, 'zoom_summary_doctor.js'));
}

/** Returns the median of `values`. */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Returns the mean microseconds per call of `run` over one batch. */
function timeBatch(run) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < CALLS_PER_BATCH; i += 1) {
    run();
  }
  return Number(process.hrtime.bigint() - start) / 1000 / CALLS_PER_BATCH;
}

/**
 * Times `run` and `floor` in alternating batches, so that load from other processes affects both
 * alike, and returns the medians of the call, the floor and their per-batch ratio.
 */
function measure(run, floor) {
  for (let i = 0; i < WARMUP; i += 1) {
    run();
    floor();
  }
  const calls = [];
  const floors = [];
  const ratios = [];
  for (let batch = 0; batch < BATCHES; batch += 1) {
    const call = timeBatch(run);
    const base = timeBatch(floor);
    calls.push(call);
    floors.push(base);
    ratios.push(call / base);
  }
  return { median: median(calls), floor: median(floors), ratio: median(ratios) };
}

/** Keeps results reachable so the engine cannot drop the calls as dead code. */
let sink = 0;
function keep(value) {
  sink += value === undefined ? 0 : 1;
}

function benchClassify() {
  const { response } = seed;
  const context = { ...seed.context, now: 1764590400 };
  const diagnosisText = JSON.stringify(doctor.classifyFailure(response, context));

  return measure(
    () => keep(doctor.classifyFailure(response, context)),
    () => {
      keep(JSON.parse(response.body));
      keep(JSON.parse(diagnosisText));
    },
  );
}

function benchIntrospect() {
  const accessToken = JSON.parse(seed.context.token).access_token;
  const options = { now: 1764590400 };
  const payload = accessToken.split('.')[1];
  const reportText = JSON.stringify(doctor.introspectToken(accessToken, options));

  return measure(
    () => keep(doctor.introspectToken(accessToken, options)),
    () => {
      keep(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
      keep(JSON.parse(reportText));
    },
  );
}

function wasmSize() {
  const path = join(packageDir, 'zoom_summary_doctor_bg.wasm');
  const bytes = readFileSync(path);
  return { raw: statSync(path).size, gzip: gzipSync(bytes, { level: 9 }).length };
}

function row(name, { median, floor, ratio }) {
  const verdict = ratio <= TARGET_RATIO ? 'meets' : 'misses';
  return `${name.padEnd(16)} ${median.toFixed(2).padStart(8)} us  floor ${floor.toFixed(2).padStart(6)} us  ratio ${ratio.toFixed(2).padStart(5)}  ${verdict} <= ${TARGET_RATIO}x`;
}

const classify = benchClassify();
const introspect = benchIntrospect();
const size = wasmSize();

if (asJson) {
  console.log(JSON.stringify({ classifyFailure: classify, introspectToken: introspect, wasmBytes: size }));
} else {
  console.log(`package ${packageDir} (node ${process.version})`);
  console.log(`wasm ${(size.raw / 1024).toFixed(1)} KiB raw, ${(size.gzip / 1024).toFixed(1)} KiB gzip -9`);
  console.log(row('classifyFailure', classify));
  console.log(row('introspectToken', introspect));
}
if (sink === 0) {
  console.error('no result was kept');
}
