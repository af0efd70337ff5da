// Runs the README's usage examples against the installed package. A fenced block counts as an
// example when the line before it is `<!-- tested: KIND [key=value …] -->`. Each example gets the
// Server-to-Server case token as input and passes when its output names the kind `s2s_access`:
// - node: the block runs as an .mjs file with the token as its first argument;
// - worker: wrangler bundles the block (--dry-run) and Miniflare serves it; the token goes in
//   the Authorization header;
// - browser: Chromium opens the block as a page served from 127.0.0.1, types the token into
//   `fill`, clicks `click` and reads the text of `expect`.
// An `assert` example is an API example that checks its own results with node:assert: it runs as
// an .mjs file and passes when it exits with status 0. An `emulator` example does the same with the
// repository's Zoom emulator running on a free loopback port, whose origin is in ZOOM_EMULATOR.
// scripts/test-installed.sh runs this file in the folder where the package is installed and sets
// ZSD_REPO to the repository, whose node_modules contains wrangler, Miniflare and playwright-core.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { extname, join, normalize } from 'node:path';
import test from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const installRoot = fileURLToPath(new URL('../../', import.meta.url));
const repo = process.env.ZSD_REPO;
const cases = JSON.parse(readFileSync(new URL('../cases/tokens.json', import.meta.url), 'utf8'));
const TOKEN = cases.find((entry) => entry.id === 'token-s2s-fresh').input;
const EXPECTED_TEXT = 's2s_access';
// NOTE: Debian's chromium package path, which scripts/ensure-chromium.sh installs. Other systems
// need this path changed here and in webdriver.json.
const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
];

/** Returns every `{ kind, options, language, code }` example of the README, in order. */
function readExamples(markdown) {
  const examples = [];
  const pattern = /<!-- tested: (\w+)([^>]*?) -->\s*\n```(\w*)\n([\s\S]*?)\n```/g;
  for (const match of markdown.matchAll(pattern)) {
    const options = Object.fromEntries(
      match[2].trim().split(/\s+/).filter(Boolean).map((pair) => pair.split('=')),
    );
    examples.push({ kind: match[1], options, language: match[3], code: match[4] });
  }
  return examples;
}

/** Loads a package from the repository's node_modules (dev tooling is not in the install folder). */
function requireFromRepo(name) {
  return createRequire(join(repo, 'package.json'))(name);
}

async function runNodeExample(example, index) {
  const file = join(installRoot, `readme-example-${index}.mjs`);
  writeFileSync(file, example.code);

  const { stdout } = await run(process.execPath, [file, TOKEN], { cwd: installRoot });
  return stdout;
}

async function runWorkerExample(example, index) {
  const workerDir = join(installRoot, `readme-worker-${index}`);
  mkdirSync(workerDir, { recursive: true });
  writeFileSync(join(workerDir, 'index.js'), example.code);

  const wrangler = join(repo, 'node_modules', '.bin', 'wrangler');
  // The banner's update check and the metrics would reach the internet; both are off.
  const env = {
    ...process.env,
    WRANGLER_SEND_METRICS: 'false',
    CLOUDFLARE_CF_FETCH_ENABLED: 'false',
    WRANGLER_HIDE_BANNER: 'true',
  };
  await run(wrangler, [
    'deploy', '--dry-run', '--outdir', 'dist', '--name', 'readme-example',
    '--compatibility-date', '2025-11-01', 'index.js',
  ], { cwd: workerDir, env });

  const { Miniflare } = requireFromRepo('miniflare');
  const miniflare = new Miniflare({
    modules: true,
    scriptPath: join(workerDir, 'dist', 'index.js'),
    modulesRules: [{ type: 'CompiledWasm', include: ['**/*.wasm'] }],
    compatibilityDate: '2025-11-01',
    cf: false,
  });
  try {
    const response = await miniflare.dispatchFetch('http://127.0.0.1/', {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    assert.equal(response.status, 200, 'the Worker example did not answer 200');
    return await response.text();
  } finally {
    await miniflare.dispose();
  }
}

const CONTENT_TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };

/** Serves the install folder on 127.0.0.1 at a free port. */
async function startStaticServer() {
  const server = createServer((request, response) => {
    const path = normalize(join(installRoot, decodeURIComponent(new URL(request.url, 'http://x').pathname)));
    try {
      const body = readFileSync(path);
      response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

async function runBrowserExample(example, index) {
  const page = `readme-example-${index}.html`;
  writeFileSync(join(installRoot, page), example.code);

  const { chromium } = requireFromRepo('playwright-core');
  const server = await startStaticServer();
  let browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
    const tab = await browser.newPage();
    const pageErrors = [];
    tab.on('pageerror', (error) => pageErrors.push(error.message));

    await tab.goto(`http://127.0.0.1:${server.address().port}/${page}`);
    await tab.fill(example.options.fill, TOKEN);
    await tab.click(example.options.click);
    await tab.waitForFunction(
      (selector) => document.querySelector(selector)?.textContent.length > 0,
      example.options.expect,
      { timeout: 10_000 },
    );

    assert.deepEqual(pageErrors, [], 'the page threw');
    return await tab.textContent(example.options.expect);
  } finally {
    await browser?.close();
    server.close();
  }
}

async function runAssertExample(example, index) {
  const file = join(installRoot, `readme-assert-${index}.mjs`);
  writeFileSync(file, example.code);

  await run(process.execPath, [file], { cwd: installRoot });
  return null;
}

async function runEmulatorExample(example, index) {
  const file = join(installRoot, `readme-emulator-${index}.mjs`);
  writeFileSync(file, example.code);

  const { startEmulator } = await import(join(repo, 'tests', 'emulator', 'server.mjs'));
  const emulator = await startEmulator({ port: 0 });
  try {
    await run(process.execPath, [file], { cwd: installRoot, env: { ...process.env, ZOOM_EMULATOR: emulator.origin } });
  } finally {
    await emulator.close();
  }
  return null;
}

const RUNNERS = { node: runNodeExample, worker: runWorkerExample, browser: runBrowserExample, assert: runAssertExample, emulator: runEmulatorExample };
const SELF_CHECKING = new Set(['assert', 'emulator']);
const examples = readExamples(readFileSync(join(installRoot, 'README.md'), 'utf8'));

test('README marks one example per runtime', () => {
  const kinds = examples.map((example) => example.kind).filter((kind) => !SELF_CHECKING.has(kind)).sort();

  assert.deepEqual(kinds, ['browser', 'node', 'worker']);
});

test('README checks its API examples', () => {
  const apiExamples = examples.filter((example) => example.kind === 'assert');

  assert.ok(apiExamples.length >= 10, `only ${apiExamples.length} API examples are marked as tested`);
});

examples.forEach((example, index) => {
  test(`README ${example.kind} example ${index + 1}`, async () => {
    assert.ok(repo, 'ZSD_REPO is not set: run this test through scripts/test-installed.sh');
    const runner = RUNNERS[example.kind];
    assert.ok(runner, `unknown example kind ${example.kind}`);

    const output = await runner(example, index);

    if (!SELF_CHECKING.has(example.kind)) {
      assert.ok(output.includes(EXPECTED_TEXT), `output does not name ${EXPECTED_TEXT}: ${output.slice(0, 300)}`);
    }
  });
});
