#!/usr/bin/env bash
# Tests pkg/ the way users get it. First the exact README steps: `npm install <pkg folder>` in an
# empty folder, then a plain import. Then `npm pack` + install of the tarball (which also checks
# the "files" list) in another empty folder, where tsc checks tests/types/usage.mts against the
# package's declarations, and tests/js/*.test.mjs and the README example test run with node --test.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

if [[ ! -f pkg/package.json ]]; then
  echo "error: pkg/ is not built; run make pkg first" >&2
  exit 1
fi

workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT

echo "== npm install ./pkg in an empty folder, then import"
mkdir "$workdir/folder-install"
(
  cd "$workdir/folder-install"
  npm init -y >/dev/null
  npm install --no-audit --no-fund "$repo/pkg" >/dev/null
  node --input-type=module -e "
    import { introspectToken } from 'zoom-summary-doctor';
    if (typeof introspectToken !== 'function') throw new Error('introspectToken is not exported');
    console.log('import from the folder install works');
  "
)

echo "== npm pack, install the tarball, run the tests"
mkdir "$workdir/tarball-install"
tarball=$(cd pkg && npm pack --silent --pack-destination "$workdir")
(
  cd "$workdir/tarball-install"
  npm init -y >/dev/null
  npm install --no-audit --no-fund "$workdir/$tarball" >/dev/null
)

# The tests find the cases and the README at the same relative paths as in the repository.
mkdir -p "$workdir/tarball-install/tests"
cp -r tests/js tests/cases tests/readme tests/types "$workdir/tarball-install/tests/"

echo "== tsc: the TypeScript declarations as a user's code sees them"
(cd "$workdir/tarball-install" && "$repo/node_modules/.bin/tsc" -p tests/types)
echo "tests/types/usage.mts type-checks"
cp README.md "$workdir/tarball-install/"

cd "$workdir/tarball-install"
ZSD_REPO="$repo" node --test --test-reporter=spec tests/js/*.test.mjs tests/readme/*.test.mjs
