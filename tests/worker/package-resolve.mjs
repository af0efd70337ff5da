// The resolve hook registered by package-hook.mjs.

const PACKAGE_ENTRY = new URL('../../pkg/index.node.js', import.meta.url).href;

/** Resolves 'zoom-summary-doctor' to pkg/index.node.js and leaves every other specifier to Node. */
export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'zoom-summary-doctor') {
    return { url: PACKAGE_ENTRY, shortCircuit: true };
  }
  return nextResolve(specifier, context);
}
