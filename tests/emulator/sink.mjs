// The emulator's summary sink: records what the worker delivers to SUMMARY_SINK_URL and checks each
// delivery's signature with Node's own crypto, independently of the package.
//
//   POST /__emulator/sink           a delivery: returns 200, or the configured failure status
//   POST /__emulator/sink/control   { failTimes?, down?, failStatus?, signingSecret? }
//
// `failTimes: N` fails the next N deliveries; `down: true` fails every delivery until
// `down: false`. Failures return `failStatus` (default 503). Every accepted delivery is
// listed in GET /__emulator/stats as `sinkDeliveries`; `sinkAttempts` counts every POST.

import { createHmac, timingSafeEqual } from 'node:crypto';

/** The sink signing secret the emulator checks deliveries with, unless `signingSecret` sets another. */
export const DEMO_SINK_SIGNING_SECRET = 'demo-sink-signing-secret';

/** Seconds of clock difference the sink accepts in the signature's timestamp, as verifySinkSignature does by default. */
export const SINK_TOLERANCE_SECONDS = 300;

/**
 * Checks an `x-zsd-signature` value (`t=<epoch seconds>,v1=<hex>`) against the raw body: HMAC-SHA256
 * with `secret` over `<t>.<raw body>`. Returns true when a `v1` entry matches and `t` is within
 * the tolerance.
 */
export function sinkSignatureValid(header, rawBody, secret, nowSeconds = Math.floor(Date.now() / 1000)) {
  const entries = String(header ?? '').split(',').map((entry) => entry.trim().split('='));
  const timestamp = entries.find(([key]) => key === 't')?.[1];
  const signatures = entries.filter(([key]) => key === 'v1').map(([, value]) => value ?? '');
  if (!timestamp || !/^\d+$/.test(timestamp) || signatures.length === 0) {
    return false;
  }
  if (Math.abs(Number(timestamp) - nowSeconds) > SINK_TOLERANCE_SECONDS) {
    return false;
  }

  const expected = createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest();
  return signatures.some((hex) => {
    const given = Buffer.from(hex, 'hex');
    return given.length === expected.length && /^[0-9a-f]+$/i.test(hex) && timingSafeEqual(given, expected);
  });
}

function describeBody(rawBody) {
  try {
    const body = JSON.parse(rawBody.toString('utf8'));
    return {
      summaryId: body?.summary?.ai_call_summary_id ?? null,
      callId: body?.callId ?? null,
      userId: body?.userId ?? null,
      accountId: body?.accountId ?? null,
      event: body?.event ?? null,
      hasSummaryText: typeof body?.summary?.call_summary === 'string',
    };
  } catch {
    return { summaryId: null, parseError: true };
  }
}

/** Creates a sink. `signingSecret` is the secret deliveries are checked with. */
export function createSink({ signingSecret = DEMO_SINK_SIGNING_SECRET } = {}) {
  const state = { signingSecret, failTimes: 0, down: false, failStatus: 503, attempts: 0, deliveries: [], seen: new Set() };

  function reset() {
    Object.assign(state, { failTimes: 0, down: false, failStatus: 503, attempts: 0, deliveries: [] });
    state.seen.clear();
  }

  function receive(headers, rawBody) {
    state.attempts += 1;
    if (state.down || state.failTimes > 0) {
      state.failTimes = Math.max(0, state.failTimes - 1);
      return { status: state.failStatus, body: { message: 'sink failure set by /__emulator/sink/control' } };
    }

    const deliveryId = headers['x-zsd-delivery-id'] ?? null;
    state.deliveries.push({
      deliveryId,
      signatureValid: sinkSignatureValid(headers['x-zsd-signature'], rawBody, state.signingSecret),
      repeated: state.seen.has(deliveryId),
      contentType: headers['content-type'] ?? null,
      bytes: rawBody.length,
      ...describeBody(rawBody),
    });
    state.seen.add(deliveryId);
    return { status: 200, body: { received: true, deliveryId } };
  }

  function control(changes) {
    if (Number.isInteger(changes?.failTimes) && changes.failTimes >= 0) {
      state.failTimes = changes.failTimes;
    }
    if (typeof changes?.down === 'boolean') {
      state.down = changes.down;
    }
    if (Number.isInteger(changes?.failStatus) && changes.failStatus >= 100 && changes.failStatus <= 599) {
      state.failStatus = changes.failStatus;
    }
    if (typeof changes?.signingSecret === 'string' && changes.signingSecret !== '') {
      state.signingSecret = changes.signingSecret;
    }
    return { status: 200, body: { failTimes: state.failTimes, down: state.down, failStatus: state.failStatus } };
  }

  return {
    reset,
    receive,
    control,
    stats: () => ({ sinkAttempts: state.attempts, sinkDeliveries: state.deliveries.map((entry) => ({ ...entry })) }),
  };
}

/** Reads a request body as the exact bytes received. */
export function readRequestBytes(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
