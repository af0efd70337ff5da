// `make bench` (worker part): latency through the worker against direct calls to the emulator, at
// concurrency 1 and 50; worker cold start; token mints per 1,000 requests.
//
// The worker runs in workerd through Miniflare (no dev proxy in front), with its rate limiter
// raised out of the way because the emulator has no limit: the numbers measure the proxy itself.
// `/healthz` through the same runtime is measured too: it is the floor that workerd, Miniflare's
// entry worker and Node's fetch add to any route, so `proxyMs` = worker - floor - direct is the time
// the proxy's own work takes (estimated by subtraction, not measured inside the worker).
// Run alone: node bench/worker.mjs [--requests 1000] [--json FILE]; `make bench` runs it as a section.

import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

import { authorized, emulatorStats, startStack } from '../tests/worker/harness.mjs';
import { option, percentile } from './lib.mjs';

const PATH = '/v1/summaries/demo-user/demo-summary';

/** The target for the worker's own cost: p99 through the worker minus p99 direct, at c=50. */
const MAX_P99_OVERHEAD_MS = 5;

// Sends `total` requests with `concurrency` in flight and returns the sorted latencies in ms.
async function measure(send, total, concurrency) {
  const latencies = [];
  let next = 0;
  const loop = async () => {
    while (next < total) {
      next += 1;
      const started = performance.now();
      const response = await send();
      await response.arrayBuffer();
      if (response.status !== 200) {
        throw new Error(`bench request failed with status ${response.status}`);
      }
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  return latencies.sort((a, b) => a - b);
}

const ROUNDS = 10;

// Alternates the three paths in ROUNDS rounds, so that a change in machine load during the run
// affects all of them alike. Returns the summary of `summarize`.
async function measureInterleaved({ direct, proxied, floor }, total, concurrency) {
  const perRound = Math.max(concurrency, Math.ceil(total / ROUNDS));
  const latencies = { direct: [], proxied: [], floor: [] };
  for (let round = 0; round < ROUNDS; round += 1) {
    latencies.direct.push(...(await measure(direct, perRound, concurrency)));
    latencies.proxied.push(...(await measure(proxied, perRound, concurrency)));
    latencies.floor.push(...(await measure(floor, perRound, concurrency)));
  }
  const sorted = (values) => values.sort((a, b) => a - b);
  return summarize(sorted(latencies.direct), sorted(latencies.proxied), sorted(latencies.floor));
}

async function mintDirect(origin) {
  const credentials = Buffer.from('demo-client:demo-client-secret').toString('base64');
  const response = await fetch(`${origin}/oauth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${credentials}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=account_credentials&account_id=demo-account',
  });
  return (await response.json()).access_token;
}

function round(value) {
  return Math.round(value * 100) / 100;
}

function summarize(direct, proxied, floor) {
  const row = {};
  for (const [name, fraction] of [['p50', 0.5], ['p99', 0.99]]) {
    const base = percentile(direct, fraction);
    const through = percentile(proxied, fraction);
    const runtime = percentile(floor, fraction);
    row[name] = {
      directMs: round(base),
      workerMs: round(through),
      overheadMs: round(through - base),
      ratio: round(through / base),
      runtimeFloorMs: round(runtime),
      proxyMs: round(through - runtime - base),
    };
  }
  return row;
}

/** Measures latency, cold start and token mints over `total` requests per path and concurrency. */
export async function measureWorker(total) {
  const coldStarted = performance.now();
  const stack = await startStack({ vars: { RATE_LIMIT_PER_SECOND: '1000000' } });
  const ready = performance.now();
  const first = await stack.fetch(PATH, authorized());
  await first.arrayBuffer();
  const firstDone = performance.now();

  try {
    const token = await mintDirect(stack.emulator.origin);
    const directUrl = `${stack.emulator.origin}/v2/phone/user/demo-user/ai_call_summary/demo-summary`;
    const direct = () => fetch(directUrl, { headers: { authorization: `Bearer ${token}` } });
    const proxied = () => stack.fetch(PATH, authorized());
    const floor = () => stack.fetch('/healthz');

    // Warm every path so the measured requests do not pay for JIT compilation or connection setup.
    await measure(direct, 50, 10);
    await measure(proxied, 50, 10);
    await measure(floor, 50, 10);

    const results = { requests: total, concurrency: {} };
    for (const concurrency of [1, 50]) {
      results.concurrency[concurrency] = await measureInterleaved({ direct, proxied, floor }, total, concurrency);
    }

    // One token lives an hour, so every worker request of the run should share the one mint that
    // the bench's direct token adds to.
    const stats = await emulatorStats(stack);
    const workerRequests = 1 + 50 + Math.max(1, Math.ceil(total / ROUNDS)) * ROUNDS + Math.max(50, Math.ceil(total / ROUNDS)) * ROUNDS;
    results.tokenMintsPer1000 = round(((stats.tokenMints - 1) / workerRequests) * 1000);
    results.workerTokenMints = stats.tokenMints - 1;
    results.workerRequests = workerRequests;
    results.coldStart = { runtimeReadyMs: round(ready - coldStarted), firstResponseMs: round(firstDone - ready) };
    return results;
  } finally {
    await stack.close();
  }
}

function latencyRows(results) {
  const rows = [];
  for (const [concurrency, row] of Object.entries(results.concurrency)) {
    for (const name of ['p50', 'p99']) {
      const each = row[name];
      rows.push([
        `c=${concurrency} ${name}: direct / worker`,
        `${each.directMs} ms / ${each.workerMs} ms (overhead ${each.overheadMs} ms, ratio ${each.ratio}x)`,
      ]);
      rows.push([`c=${concurrency} ${name}: runtime floor, proxy estimate`, `${each.runtimeFloorMs} ms, ${each.proxyMs} ms`]);
    }
  }
  return rows;
}

const section = {
  title: 'Worker in workerd (Miniflare, no dev proxy) against the Zoom emulator',
  async run() {
    const total = Number(option('--requests', '1000'));
    const results = await measureWorker(total);
    const p99 = results.concurrency[50].p99;
    // NOTE: the emulator runs in the bench's own Node process, so at c=50 the direct calls share one
    // event loop with the client and their p99 can exceed the worker's. A negative overhead shows
    // that noise, not a fast worker, so the check fails rather than pass on it.
    const overheadShown = p99.overheadMs >= 0 && p99.overheadMs <= MAX_P99_OVERHEAD_MS;
    const overheadDetail = p99.overheadMs < 0 ? 'not measurable in this run: the direct p99 is above the worker p99' : `${p99.overheadMs} ms`;

    return {
      rows: [
        ...latencyRows(results),
        ['cold start: runtime ready, first response', `${results.coldStart.runtimeReadyMs} ms, ${results.coldStart.firstResponseMs} ms`],
        ['token mints', `${results.workerTokenMints} for ${results.workerRequests} requests (${results.tokenMintsPer1000} per 1,000)`],
      ],
      checks: [
        { name: `worker p99 overhead <= ${MAX_P99_OVERHEAD_MS} ms at c=50`, pass: overheadShown, detail: `${overheadDetail} (${p99.workerMs} ms vs ${p99.directMs} ms direct)` },
        // The run is far shorter than the token's hour of life, so one mint must serve it all.
        { name: 'one token mint per account per token lifetime', pass: results.workerTokenMints === 1, detail: `${results.workerTokenMints} mints` },
      ],
      results,
    };
  },
};

export default section;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { results } = await section.run();
  console.log(JSON.stringify(results, null, 2));
  const out = option('--json', null);
  if (out) {
    writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  }
}
