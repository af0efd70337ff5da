// Cloudflare Workers entry: wrangler bundles the .wasm import as a compiled WebAssembly.Module,
// so the module is instantiated synchronously at import and no init call is needed.
import wasm from './zoom_summary_doctor_bg.wasm';

import { initSync } from './zoom_summary_doctor.js';

initSync({ module: wasm });

export * from './zoom_summary_doctor.js';
export { default } from './zoom_summary_doctor.js';
