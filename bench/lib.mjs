// Timing and formatting helpers shared by the benchmark sections.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';

const SAMPLES = 21;
const SAMPLE_MS = 25;
const WARMUP_MS = 300;

// Results are stored here so that the JIT cannot drop a call whose value is never used.
export const sink = { last: undefined };

function timeBatch(fn, iterations) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i += 1) {
    sink.last = fn();
  }
  return Number(process.hrtime.bigint() - start);
}

/** Returns how many calls of `fn` take about `SAMPLE_MS`, after warming it up. */
function calibrate(fn) {
  let iterations = 1;
  const warmupEnd = Date.now() + WARMUP_MS;
  while (Date.now() < warmupEnd) {
    const elapsedNs = timeBatch(fn, iterations);
    if (elapsedNs < SAMPLE_MS * 1e6) {
      iterations *= 2;
    }
  }
  return iterations;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Measures the median time per call, in nanoseconds, of each function in `functions` (name to
 * function). Samples of the functions are interleaved, so a change in machine load during the run
 * affects all of them alike.
 */
export function compareMedians(functions) {
  const entries = Object.entries(functions).map(([name, fn]) => ({ name, fn, iterations: calibrate(fn), samples: [] }));

  for (let sample = 0; sample < SAMPLES; sample += 1) {
    for (const entry of entries) {
      entry.samples.push(timeBatch(entry.fn, entry.iterations) / entry.iterations);
    }
  }
  return Object.fromEntries(entries.map((entry) => [entry.name, median(entry.samples)]));
}

export function formatNs(ns) {
  return ns >= 1000 ? `${(ns / 1000).toFixed(2)} µs` : `${ns.toFixed(0)} ns`;
}

export function formatBytes(bytes) {
  return `${bytes} B (${(bytes / 1024).toFixed(1)} KiB)`;
}

function commandVersion(command, args) {
  try {
    return execFileSync(command, args, { encoding: 'utf8' }).trim();
  } catch {
    return `${command}: not found`;
  }
}

/** Describes the machine and toolchain, for the record next to the numbers. */
export function describeMachine() {
  const cpuList = cpus();
  return [
    `CPU: ${cpuList[0]?.model ?? 'unknown'} (${cpuList.length} logical cores visible)`,
    `Memory: ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Linux ${release()}`,
    `Load average at start (1, 5, 15 min): ${loadavg().map((load) => load.toFixed(2)).join(', ')}`,
    `Node ${process.version}; ${commandVersion('rustc', ['--version'])}; ${commandVersion('wasm-bindgen', ['--version'])}`,
    `Samples: median of ${SAMPLES} interleaved batches of about ${SAMPLE_MS} ms each, after ${WARMUP_MS} ms of warm-up per function`,
  ];
}

/** Returns the value after `name` on the command line, or `fallback`. */
export function option(name, fallback) {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : fallback;
}

/** Returns the nearest-rank percentile (`fraction` 0..1) of an ascending array. */
export function percentile(sorted, fraction) {
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

const CLOCK_TICKS_PER_SECOND = 100;

/**
 * Returns the CPU time, user plus system, that process `pid` has used so far in ms, or null when
 * /proc cannot be read (not Linux, or the process is gone). The resolution is one clock tick,
 * 10 ms, assuming the usual USER_HZ of 100 (`getconf CLK_TCK`).
 */
export function processCpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name in brackets may contain spaces, so fields are counted after its ")".
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** Returns the ids of the direct children of process `pid` (Linux), or an empty array. */
export function childPids(pid) {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}
