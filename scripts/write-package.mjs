// Completes pkg/ after wasm-bindgen. It writes package.json from pkg-template/package.json, taking
// version, description and license from Cargo.toml, and copies the entry files, README.md and LICENSE.
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkgDir = `${root}pkg/`;
const templateDir = `${root}pkg-template/`;

/** Reads `key = "value"` lines of the [package] table of Cargo.toml. */
function readCargoPackage(text) {
  const fields = {};
  let inPackage = false;
  for (const line of text.split('\n')) {
    const table = line.match(/^\s*\[([^\]]+)\]/);
    if (table) {
      inPackage = table[1] === 'package';
      continue;
    }
    const field = inPackage && line.match(/^\s*([\w-]+)\s*=\s*"((?:[^"\\]|\\.)*)"/);
    if (field) {
      fields[field[1]] = JSON.parse(`"${field[2]}"`);
    }
  }
  return fields;
}

function requireField(fields, key) {
  if (!fields[key]) {
    throw new Error(`Cargo.toml [package] is missing ${key}: add it, because pkg/package.json copies it`);
  }
  return fields[key];
}

const cargo = readCargoPackage(readFileSync(`${root}Cargo.toml`, 'utf8'));
const manifest = JSON.parse(readFileSync(`${templateDir}package.json`, 'utf8'));
manifest.version = requireField(cargo, 'version');
manifest.description = requireField(cargo, 'description');
manifest.license = requireField(cargo, 'license');

// wasm-bindgen writes snippets/ only when the crate uses inline JS, and it must ship when it exists.
if (existsSync(`${pkgDir}snippets`)) {
  manifest.files.push('snippets/');
}

// The entries list every export by name (see pkg-template/index.workerd.js for why).
const bindingsText = readFileSync(`${pkgDir}zoom_summary_doctor.js`, 'utf8');
const exportedNames = [...bindingsText.matchAll(/^export function (\w+)\(/gm)].map((match) => match[1]);
if (!exportedNames.includes('introspectToken') || !/export \{ initSync\b/.test(bindingsText)) {
  throw new Error('pkg/zoom_summary_doctor.js does not look like wasm-bindgen --target web output: rebuild with scripts/build-pkg.sh');
}
exportedNames.push('initSync');
for (const entry of ['index.node.js', 'index.workerd.js']) {
  const template = readFileSync(`${templateDir}${entry}`, 'utf8');
  writeFileSync(`${pkgDir}${entry}`, template.replace('__EXPORTED_NAMES__', exportedNames.join(', ')));
}
for (const doc of ['README.md', 'LICENSE']) {
  copyFileSync(`${root}${doc}`, `${pkgDir}${doc}`);
}

for (const file of manifest.files) {
  if (!existsSync(`${pkgDir}${file}`)) {
    throw new Error(`pkg/${file} is listed in "files" but was not built; check the wasm-bindgen output`);
  }
}

writeFileSync(`${pkgDir}package.json`, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`wrote pkg/package.json (${manifest.name}@${manifest.version})`);
