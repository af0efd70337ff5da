// Starts the worker with the webhook pipeline's bindings as wrangler.toml declares them: the
// LEDGER Durable Object on SQLite storage, the delivery queue and its dead-letter queue. Shared by
// tests/worker/webhooks.test.mjs and bench/webhook.mjs.

import { DEMO_WEBHOOK_SECRET } from '../emulator/sender.mjs';
import { DEMO_SINK_SIGNING_SECRET } from '../emulator/sink.mjs';
import { startStack } from './harness.mjs';

/** The delivery queue's name in wrangler.toml. */
export const DELIVERY_QUEUE = 'zsd-summary-deliveries';

/** The dead-letter queue's name in wrangler.toml. */
export const DEAD_LETTER_QUEUE = 'zsd-summary-deliveries-dlq';

/** The second Secret Token the tests configure, as during a rotation. */
export const NEXT_WEBHOOK_SECRET = 'demo-webhook-secret-next-4b1e';

/**
 * Starts the emulator and the worker with the pipeline's bindings. `vars` override the settings;
 * the defaults use the demo secrets and retry after 1 s, three times, so that a delivery runs
 * through its whole retry schedule within seconds. Returns the stack of `startStack`.
 */
export function startPipelineStack(vars = {}) {
  return startStack({
    vars: {
      ZOOM_WEBHOOK_SECRET_TOKEN: DEMO_WEBHOOK_SECRET,
      ZOOM_WEBHOOK_SECRET_TOKEN_NEXT: NEXT_WEBHOOK_SECRET,
      SINK_SIGNING_SECRET: DEMO_SINK_SIGNING_SECRET,
      DELIVERY_RETRY_DELAYS_SECONDS: '1,1,1',
      ...vars,
    },
    miniflareOptions: {
      durableObjects: { TOKEN_BROKER: 'TokenBroker', LEDGER: { className: 'DeliveryLedger', useSQLite: true } },
      queueProducers: { DELIVERY_QUEUE },
      // No batching delay, unlike the 1 s of wrangler.toml, so tests do not wait for it.
      queueConsumers: {
        [DELIVERY_QUEUE]: { maxBatchTimeout: 0, maxRetries: 10, deadLetterQueue: DEAD_LETTER_QUEUE },
        [DEAD_LETTER_QUEUE]: { maxBatchTimeout: 0 },
      },
    },
  });
}
