// The webhook pipeline, in two measures. The first is how fast the worker acknowledges a genuine
// phone.ai_call_summary_changed event: p50 and p99 of the POST round trip, sent one after another.
// Each event is a new summary version, so each one is queued and delivered. The second is the cost
// of verifying one event with the package's verifyWebhook against Node's own crypto HMAC of the
// same bytes.
//
// The worker runs in workerd through Miniflare against the Zoom emulator and its sink, all on
// 127.0.0.1. Run alone: node bench/webhook.mjs [--events 300]; `make bench` runs it as a section.

import { createHmac, timingSafeEqual } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

import { verifyWebhook } from '../pkg/index.node.js';
import { DEMO_WEBHOOK_SECRET, buildEvent } from '../tests/emulator/sender.mjs';
import { emulatorStats } from '../tests/worker/harness.mjs';
import { startPipelineStack } from '../tests/worker/pipeline.mjs';
import { compareMedians, formatNs, option, percentile } from './lib.mjs';

const WEBHOOK_PATH = '/v1/webhooks/zoom';
const DEFAULT_EVENTS = 300;
const WARMUP_EVENTS = 30;

/** Zoom retries an event that is not acknowledged within 3 seconds. */
const ZOOM_ACK_LIMIT_MS = 3000;

/** The acknowledgement aims for milliseconds: a p50 under this leaves Zoom's limit far away. */
const TARGET_ACK_P50_MS = 50;

// Each event gets its own modified_time, so the ledger treats every one as a new summary version.
function versionedEvent(index) {
  const modifiedTime = new Date(Date.UTC(2025, 11, 1) + index * 1000).toISOString().replace('.000Z', 'Z');
  return buildEvent('genuine', { modifiedTime });
}

async function acknowledge(stack, index) {
  const delivery = versionedEvent(index);
  const started = performance.now();
  const response = await stack.fetch(WEBHOOK_PATH, { method: 'POST', headers: delivery.headers, body: delivery.body });
  await response.arrayBuffer();
  const elapsed = performance.now() - started;
  if (response.status !== 200) {
    throw new Error(`the worker returned status ${response.status} for a genuine event`);
  }
  return elapsed;
}

async function waitForDeliveries(stack, expected, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const delivered = (await emulatorStats(stack)).sinkDeliveries.length;
    if (delivered >= expected || Date.now() > deadline) {
      return delivered;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function measureAcknowledgements(events) {
  const stack = await startPipelineStack();
  try {
    for (let index = 0; index < WARMUP_EVENTS; index += 1) {
      await acknowledge(stack, index);
    }

    const latencies = [];
    const started = performance.now();
    for (let index = WARMUP_EVENTS; index < WARMUP_EVENTS + events; index += 1) {
      latencies.push(await acknowledge(stack, index));
    }
    const delivered = await waitForDeliveries(stack, WARMUP_EVENTS + events, 60_000);
    const drainedSeconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    return { latencies, delivered, drainedSeconds };
  } finally {
    await stack.close();
  }
}

function nodeVerifier(body, headers) {
  const expected = Buffer.from(headers['x-zm-signature'].slice('v0='.length), 'hex');
  const bytes = new TextEncoder().encode(body);
  return () => {
    const digest = createHmac('sha256', DEMO_WEBHOOK_SECRET).update(`v0:${headers['x-zm-request-timestamp']}:`).update(bytes).digest();
    return digest.length === expected.length && timingSafeEqual(digest, expected);
  };
}

function measureVerification() {
  const { body, headers } = buildEvent('genuine', {});
  const rawBody = new TextEncoder().encode(body);
  const options = { headers, rawBody, secretToken: DEMO_WEBHOOK_SECRET };
  if (!verifyWebhook(options).valid || !nodeVerifier(body, headers)()) {
    throw new Error('the benchmark event does not verify');
  }

  return compareMedians({
    verifyWebhook: () => verifyWebhook(options),
    nodeHmac: nodeVerifier(body, headers),
  });
}

function round(value) {
  return Math.round(value * 100) / 100;
}

const section = {
  title: 'Webhook pipeline: acknowledgement through the worker, verification per event',
  async run() {
    const events = Number(option('--events', String(DEFAULT_EVENTS)));
    const { latencies, delivered, drainedSeconds } = await measureAcknowledgements(events);
    const p50 = percentile(latencies, 0.5);
    const p99 = percentile(latencies, 0.99);
    const medians = measureVerification();
    const ratio = medians.verifyWebhook / medians.nodeHmac;

    return {
      rows: [
        [`acknowledgement p50 (${events} sequential events)`, `${round(p50)} ms`],
        ['acknowledgement p99', `${round(p99)} ms`],
        ['acknowledgement max', `${round(latencies.at(-1))} ms`],
        // Deliveries go through the worker's rate limiter (RATE_LIMIT_PER_SECOND, 20 on a Business plan).
        ['events delivered to the sink', `${delivered} of ${events + WARMUP_EVENTS} in ${round(drainedSeconds)} s`],
        ['verifyWebhook (wasm, diagnostics included)', formatNs(medians.verifyWebhook)],
        ["Node crypto HMAC + timingSafeEqual", formatNs(medians.nodeHmac)],
        ['verifyWebhook / Node HMAC', `${ratio.toFixed(2)}x`],
      ],
      checks: [
        { name: `acknowledgement p99 < ${ZOOM_ACK_LIMIT_MS} ms (Zoom's retry limit)`, pass: p99 < ZOOM_ACK_LIMIT_MS, detail: `${round(p99)} ms` },
        { name: `acknowledgement p50 < ${TARGET_ACK_P50_MS} ms`, pass: p50 < TARGET_ACK_P50_MS, detail: `${round(p50)} ms` },
        { name: 'every acknowledged event delivered', pass: delivered === events + WARMUP_EVENTS, detail: `${delivered} of ${events + WARMUP_EVENTS}` },
      ],
    };
  },
};

export default section;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await section.run();
  for (const [label, value] of result.rows) {
    console.log(`${label}: ${value}`);
  }
  for (const check of result.checks) {
    console.log(`${check.pass ? 'PASS' : 'FAIL'}  ${check.name}  (${check.detail})`);
  }
}
