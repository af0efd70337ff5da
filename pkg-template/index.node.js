// Node entry: compiles the WebAssembly module synchronously at import, so
// `import { introspectToken } from 'zoom-summary-doctor'` works with no init call.
import { readFileSync } from 'node:fs';

import { initSync } from './zoom_summary_doctor.js';

initSync({ module: readFileSync(new URL('./zoom_summary_doctor_bg.wasm', import.meta.url)) });

export * from './zoom_summary_doctor.js';
export { default } from './zoom_summary_doctor.js';
