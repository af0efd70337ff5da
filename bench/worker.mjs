// `make bench` (worker part): latency through the worker against direct calls to the emulator, at
// concurrency 1 and 50; worker cold start; token mints per 1,000 requests.
//
// The worker runs in workerd through Miniflare (no dev proxy in front), with its rate limiter
// raised out of the way because the emulator has no limit: the numbers measure the proxy itself.
// `/healthz` through the same runtime is measured too: it is the floor that workerd, Miniflare's
// entry worker and Node's fetch add to any route, so `proxyMs` = worker - floor - direct is the time
// the proxy's own work takes (estimated by subtraction, not measured inside the worker).
// Usage: node bench/worker.mjs [--requests 1000] [--json FILE]

import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

import { authorized, emulatorStats, startStack } from '../tests/worker/harness.mjs';

const PATH = '/v1/summaries/demo-user/demo-summary';

function option(name, fallback) {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : fallback;
}

function percentile(sorted, fraction) {
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

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

async function main() {
  const total = Number(option('--requests', '1000'));

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
      const directLatencies = await measure(direct, total, concurrency);
      const proxiedLatencies = await measure(proxied, total, concurrency);
      const floorLatencies = await measure(floor, total, concurrency);
      results.concurrency[concurrency] = summarize(directLatencies, proxiedLatencies, floorLatencies);
    }

    // One token lives an hour, so every worker request of the run should share the one mint that
    // the bench's direct token adds to.
    const stats = await emulatorStats(stack);
    const workerRequests = 1 + 50 + total * 2;
    results.tokenMintsPer1000 = round(((stats.tokenMints - 1) / workerRequests) * 1000);
    results.workerTokenMints = stats.tokenMints - 1;
    results.coldStart = { runtimeReadyMs: round(ready - coldStarted), firstResponseMs: round(firstDone - ready) };

    console.log(JSON.stringify(results, null, 2));
    const out = option('--json', null);
    if (out) {
      writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
    }
  } finally {
    await stack.close();
  }
}

await main();
