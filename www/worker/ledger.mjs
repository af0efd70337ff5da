// The delivery ledger: a Durable Object that stores which summary versions were already claimed
// (the dedupe store) and the deliveries that failed for good, with their diagnosis.
//
// One ledger serves the whole worker. A Durable Object runs one call at a time and its SQLite
// storage is strongly consistent, so two queue messages for the same summary version can never
// both claim it, which an eventually consistent store such as KV would allow.
//
// Stored per delivery: ids, states, times and the diagnosis. The summary text is never stored.

import { DurableObject } from 'cloudflare:workers';

/** Seconds a dedupe entry is kept after its last change when DEDUPE_WINDOW_SECONDS is not set (7 days). */
export const DEFAULT_DEDUPE_WINDOW_SECONDS = 7 * 24 * 3600;

/** Seconds between sweeps that delete expired dedupe entries when DEDUPE_SWEEP_SECONDS is not set (1 hour). */
export const DEFAULT_SWEEP_SECONDS = 3600;

/** Maximum number of failed deliveries one listing returns. */
export const MAX_LISTED_FAILURES = 500;

const SCHEMA = [
  // state: processing (a queue message owns it), delivered, failed, or reopened (a retry was
  // requested and the next message for it may claim it). owner: the id of the owning message.
  `CREATE TABLE IF NOT EXISTS deliveries (
     dedupe_key TEXT PRIMARY KEY,
     delivery_id TEXT NOT NULL,
     state TEXT NOT NULL,
     owner TEXT,
     updated_at INTEGER NOT NULL
   )`,
  'CREATE INDEX IF NOT EXISTS deliveries_by_update ON deliveries (updated_at)',
  // state: failed, or retrying once POST /v1/deliveries/failed/{id}/retry has queued it again.
  // NOTE: failure records are never pruned, so that none is lost unnoticed. They leave the table
  // only when a retry succeeds; a deployment that never retries them grows this table.
  `CREATE TABLE IF NOT EXISTS failures (
     delivery_id TEXT PRIMARY KEY,
     dedupe_key TEXT NOT NULL,
     job TEXT NOT NULL,
     stage TEXT NOT NULL,
     diagnosis TEXT NOT NULL,
     attempts INTEGER NOT NULL,
     state TEXT NOT NULL,
     retries INTEGER NOT NULL DEFAULT 0,
     first_failed_at INTEGER NOT NULL,
     failed_at INTEGER NOT NULL
   )`,
];

function positiveSeconds(value, fallback) {
  const number = Number(value);
  return typeof value === 'string' && Number.isFinite(number) && number > 0 ? number : fallback;
}

/** The Durable Object class bound as LEDGER. */
export class DeliveryLedger extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.windowMs = positiveSeconds(env.DEDUPE_WINDOW_SECONDS, DEFAULT_DEDUPE_WINDOW_SECONDS) * 1000;
    this.sweepMs = positiveSeconds(env.DEDUPE_SWEEP_SECONDS, DEFAULT_SWEEP_SECONDS) * 1000;
    for (const statement of SCHEMA) {
      this.sql.exec(statement);
    }
  }

  /**
   * Claims a summary version for the queue message `owner`. Returns `{ claimed: true }` when the
   * version is new, was reopened for a retry, or is already owned by this same message (a queue
   * redelivery). Returns `{ claimed: false, state }` for a duplicate.
   */
  async claim({ dedupeKey, deliveryId, owner }) {
    const row = this.sql.exec('SELECT state, owner FROM deliveries WHERE dedupe_key = ?', dedupeKey).toArray()[0];
    const ownedByCaller = row?.state === 'processing' && row.owner === owner;
    if (row && row.state !== 'reopened' && !ownedByCaller) {
      return { claimed: false, state: row.state };
    }

    this.sql.exec(
      `INSERT INTO deliveries (dedupe_key, delivery_id, state, owner, updated_at) VALUES (?, ?, 'processing', ?, ?)
       ON CONFLICT (dedupe_key) DO UPDATE SET state = 'processing', owner = excluded.owner, updated_at = excluded.updated_at`,
      dedupeKey,
      deliveryId,
      owner,
      Date.now(),
    );
    await this.scheduleSweep();
    return { claimed: true, redelivered: ownedByCaller };
  }

  /** Marks a summary version delivered and removes its failure record, if any. */
  markDelivered({ dedupeKey, deliveryId }) {
    this.sql.exec("UPDATE deliveries SET state = 'delivered', owner = NULL, updated_at = ? WHERE dedupe_key = ?", Date.now(), dedupeKey);
    this.sql.exec('DELETE FROM failures WHERE delivery_id = ?', deliveryId);
  }

  /**
   * Records a delivery that failed for good. `job` is the queue message body (ids only) and
   * `diagnosis` explains what failed and what to do.
   */
  async recordFailure({ job, stage, diagnosis, attempts }) {
    const now = Date.now();
    this.sql.exec(
      `INSERT INTO failures (delivery_id, dedupe_key, job, stage, diagnosis, attempts, state, first_failed_at, failed_at)
       VALUES (?, ?, ?, ?, ?, ?, 'failed', ?, ?)
       ON CONFLICT (delivery_id) DO UPDATE SET stage = excluded.stage, diagnosis = excluded.diagnosis,
         attempts = excluded.attempts, state = 'failed', failed_at = excluded.failed_at`,
      job.deliveryId,
      job.dedupeKey,
      JSON.stringify(job),
      stage,
      JSON.stringify(diagnosis),
      attempts,
      now,
      now,
    );
    this.sql.exec(
      `INSERT INTO deliveries (dedupe_key, delivery_id, state, owner, updated_at) VALUES (?, ?, 'failed', NULL, ?)
       ON CONFLICT (dedupe_key) DO UPDATE SET state = 'failed', owner = NULL, updated_at = excluded.updated_at`,
      job.dedupeKey,
      job.deliveryId,
      now,
    );
    await this.scheduleSweep();
  }

  /** Returns up to `limit` failed deliveries, the most recent failure first, and the total count. */
  listFailures({ limit = 100 } = {}) {
    const bounded = Math.max(1, Math.min(MAX_LISTED_FAILURES, Math.floor(limit)));
    const rows = this.sql.exec('SELECT * FROM failures ORDER BY failed_at DESC LIMIT ?', bounded).toArray();
    const total = this.sql.exec('SELECT COUNT(*) AS total FROM failures').one().total;
    return { total, failures: rows.map(describeFailure) };
  }

  /**
   * Reopens a failed delivery for a retry: the next queue message for its summary version may claim
   * it. Returns `{ job }` with the job to queue again, `{ pending: true }` while an earlier retry is
   * still queued or running, or null when no failure has this delivery id.
   */
  reopen(deliveryId) {
    const row = this.sql.exec('SELECT job, dedupe_key FROM failures WHERE delivery_id = ?', deliveryId).toArray()[0];
    if (!row) {
      return null;
    }

    // Reopening a version that a message owns would let a second message claim it while the first
    // is still delivering, and the sink would get the summary twice.
    // NOTE: if the queue drops a message without a failure record (its dead-letter consumer failed
    // too), its entry stays processing, and retries are rejected until the sweep deletes it.
    const entry = this.sql.exec('SELECT state FROM deliveries WHERE dedupe_key = ?', row.dedupe_key).toArray()[0];
    if (entry?.state === 'processing' || entry?.state === 'reopened') {
      return { pending: true };
    }

    const now = Date.now();
    this.sql.exec("UPDATE failures SET state = 'retrying', retries = retries + 1 WHERE delivery_id = ?", deliveryId);
    this.sql.exec(
      `INSERT INTO deliveries (dedupe_key, delivery_id, state, owner, updated_at) VALUES (?, ?, 'reopened', NULL, ?)
       ON CONFLICT (dedupe_key) DO UPDATE SET state = 'reopened', owner = NULL, updated_at = excluded.updated_at`,
      row.dedupe_key,
      deliveryId,
      now,
    );
    return { job: JSON.parse(row.job) };
  }

  /** Puts a reopened delivery back to failed, when its retry could not be queued. */
  abandonReopen(deliveryId) {
    this.sql.exec("UPDATE failures SET state = 'failed' WHERE delivery_id = ?", deliveryId);
    this.sql.exec("UPDATE deliveries SET state = 'failed' WHERE delivery_id = ? AND state = 'reopened'", deliveryId);
  }

  /** Deletes dedupe entries older than the window, then schedules the next sweep while any remain. */
  async alarm() {
    const cutoff = Date.now() - this.windowMs;
    this.sql.exec('DELETE FROM deliveries WHERE updated_at < ?', cutoff);

    const remaining = this.sql.exec('SELECT COUNT(*) AS count FROM deliveries').one().count;
    if (remaining > 0) {
      await this.ctx.storage.setAlarm(Date.now() + this.sweepMs);
    }
  }

  async scheduleSweep() {
    if ((await this.ctx.storage.getAlarm()) === null) {
      await this.ctx.storage.setAlarm(Date.now() + this.sweepMs);
    }
  }
}

function describeFailure(row) {
  const job = JSON.parse(row.job);
  return {
    deliveryId: row.delivery_id,
    state: row.state,
    stage: row.stage,
    attempts: row.attempts,
    retries: row.retries,
    firstFailedAt: new Date(row.first_failed_at).toISOString(),
    failedAt: new Date(row.failed_at).toISOString(),
    event: job.event,
    summaryId: job.summaryId,
    userId: job.userId,
    accountId: job.accountId,
    callId: job.callId,
    modifiedTime: job.modifiedTime,
    eventTs: job.eventTs,
    diagnosis: JSON.parse(row.diagnosis),
  };
}

/**
 * Returns the worker's ledger stub, or null when the LEDGER binding is missing.
 *
 * NOTE: one Durable Object serves every event, so its request rate bounds the pipeline's. Shard by
 * `payload.account_id` (and list failures across shards) if one account's events outgrow it.
 */
export function ledgerFor(env) {
  if (!env.LEDGER) {
    return null;
  }
  return env.LEDGER.get(env.LEDGER.idFromName('deliveries'));
}
