#!/usr/bin/env node
/**
 * Assembles www/dist/, the static site the worker serves:
 *   /index.html                      the demo page (www/demo/index.html)
 *   /widget/*.js, /widget/index.d.ts the element (www/widget/)
 *   /pkg/zoom_summary_doctor.js      the package's browser build (pkg/)
 *   /pkg/zoom_summary_doctor_bg.wasm
 *   /pkg/snippets/                   the JavaScript modules the browser build imports
 * Run it after `make pkg`. It deletes and rewrites www/dist/ each time.
 */

import { copyFile, cp, mkdir, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// snippets/ contains the crate's own JavaScript modules, which wasm-bindgen copies there and the
// browser build imports.
const PACKAGE_FILES = ['zoom_summary_doctor.js', 'zoom_summary_doctor_bg.wasm', 'snippets'];

async function requireFile(path, hint) {
  try {
    await stat(path);
  } catch {
    throw new Error(`${path} not found. ${hint}`);
  }
}

/** Builds www/dist/ from the sources under `root` and returns the path of www/dist. */
export async function buildSite(root = ROOT) {
  const dist = join(root, 'www', 'dist');
  for (const name of PACKAGE_FILES) {
    await requireFile(join(root, 'pkg', name), 'Build the package first with `make pkg`.');
  }

  await rm(dist, { recursive: true, force: true });
  await mkdir(join(dist, 'pkg'), { recursive: true });
  await copyFile(join(root, 'www', 'demo', 'index.html'), join(dist, 'index.html'));
  await cp(join(root, 'www', 'widget'), join(dist, 'widget'), { recursive: true });
  for (const name of PACKAGE_FILES) {
    await cp(join(root, 'pkg', name), join(dist, 'pkg', name), { recursive: true });
  }
  return dist;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildSite().then(
    (dist) => console.log(`built ${dist}`),
    (error) => {
      console.error(`build-site: ${error.message}`);
      process.exit(1);
    },
  );
}
