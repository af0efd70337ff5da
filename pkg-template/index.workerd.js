// Cloudflare Workers entry: wrangler bundles the .wasm import as a compiled WebAssembly.Module,
// so the module is instantiated synchronously at import and no init call is needed.
import wasm from './zoom_summary_doctor_bg.wasm';

import * as bindings from './zoom_summary_doctor.js';

bindings.initSync({ module: wasm });

// scripts/write-package.mjs replaces the placeholder with every name wasm-bindgen exports. The
// names are listed instead of `export *` because the package declares "sideEffects": false: a
// bundler then keeps this file, and its initSync call, only when one of its own exports is used.
export const { __EXPORTED_NAMES__ } = bindings;
export default bindings.default;
