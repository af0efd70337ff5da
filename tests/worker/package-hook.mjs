// Lets Node tests import worker modules that import 'zoom-summary-doctor': wrangler resolves that
// name through the [alias] in www/wrangler.toml, and this hook sends Node to the package's Node
// entry instead. Import this module, then import the worker modules with `await import(...)`.

import { register } from 'node:module';

register('./package-resolve.mjs', import.meta.url);
