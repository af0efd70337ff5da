// Size of the shipped WebAssembly module, raw and gzip-compressed.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

import { formatBytes } from './lib.mjs';

const GZIP_BUDGET_BYTES = 150 * 1024;

export default {
  title: 'WebAssembly size (pkg/zoom_summary_doctor_bg.wasm)',
  run() {
    const wasm = readFileSync(new URL('../pkg/zoom_summary_doctor_bg.wasm', import.meta.url));
    const gzipBytes = gzipSync(wasm, { level: 9 }).length;

    return {
      rows: [
        ['raw', formatBytes(wasm.length)],
        ['gzip -9', formatBytes(gzipBytes)],
      ],
      checks: [
        { name: 'wasm gzip <= 150 KiB', pass: gzipBytes <= GZIP_BUDGET_BYTES, detail: formatBytes(gzipBytes) },
      ],
    };
  },
};
