// Node entry: compiles the WebAssembly module synchronously at import, so
// `import { introspectToken } from 'zoom-summary-doctor'` works with no init call.
import { readFileSync } from 'node:fs';

import * as bindings from './zoom_summary_doctor.js';

bindings.initSync({ module: readFileSync(new URL('./zoom_summary_doctor_bg.wasm', import.meta.url)) });

// scripts/write-package.mjs replaces the placeholder with every name wasm-bindgen exports; see
// index.workerd.js for why they are listed.
export const { __EXPORTED_NAMES__ } = bindings;
export default bindings.default;
