// GET /problems/{kind} in workerd: the classifier's page from docs/problems/ for every Zoom failure
// kind, the worker's own kinds, JSON on request and a 404 problem for unknown kinds. Also the
// Markdown renderer on its own and the route lists in the worker's 404 responses.
// Needs pkg/ and www/dist (`make pkg`).

import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { classifyFailure } from '../../pkg/index.node.js';
import { renderMarkdown, summaryOf, titleOf } from '../../www/worker/markdown.mjs';
import { ROUTES_TEXT } from '../../www/worker/route-list.mjs';
import { authorized, startStack } from './harness.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DOCS = join(ROOT, 'docs', 'problems');
const CLASSIFIER_KINDS = (await readdir(DOCS)).filter((name) => name.endsWith('.md')).map((name) => name.slice(0, -3)).sort();
const WORKER_KINDS = [
  'unauthorized', 'origin_not_allowed', 'route_not_found', 'method_not_allowed', 'invalid_id', 'invalid_body', 'invalid_query',
  'body_too_large', 'configuration_missing', 'configuration_invalid', 'upstream_redirect_refused', 'upstream_response_too_large', 'token_unavailable', 'callback_timed_out', 'limiter_unavailable',
  'internal_error', 'webhook_rejected', 'invalid_challenge', 'queue_unavailable', 'delivery_not_found', 'sink_rejected',
  'sink_unavailable', 'delivery_dead_lettered', 'problem_not_found',
];

describe('markdown renderer', () => {
  test('headings, paragraphs and code spans', () => {
    const html = renderMarkdown('# `kind`: A title\n\n## What it means\n\nLine one\nline `two` <b>.\n');
    assert.equal(html, '<h1><code>kind</code>: A title</h1>\n<h2>What it means</h2>\n<p>Line one line <code>two</code> &#60;b&#62;.</p>');
  });

  test('lists end at a blank line', () => {
    const html = renderMarkdown('- one\n- two `x`\n  continued\n\n1. first\n2. second\n');
    assert.equal(html, '<ul>\n<li>one</li>\n<li>two <code>x</code> continued</li>\n</ul>\n<ol>\n<li>first</li>\n<li>second</li>\n</ol>');
  });

  test('pipe tables', () => {
    const html = renderMarkdown('| `type` | Source |\n|---|---|\n| `daily` | a <i>message</i> |\n');
    assert.match(html, /<thead><tr><th><code>type<\/code><\/th><th>Source<\/th><\/tr><\/thead>/);
    assert.match(html, /<tr><td><code>daily<\/code><\/td><td>a &#60;i&#62;message&#60;\/i&#62;<\/td><\/tr>/);
  });

  test('fenced code keeps its lines', () => {
    const html = renderMarkdown('```sh\ncurl -H "a: <b>"\n  indented\n```\nafter');
    assert.equal(html, '<pre><code>curl -H &#34;a: &#60;b&#62;&#34;\n  indented</code></pre>\n<p>after</p>');
  });

  test('raw html and links are escaped', () => {
    const html = renderMarkdown('<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n`<script>`');
    assert.ok(!/<(script|img|a)\b/i.test(html), html);
    assert.match(html, /&#60;script&#62;alert\(1\)&#60;\/script&#62;/);
  });

  test('unclosed fence and stray pipes end', () => {
    assert.equal(renderMarkdown('```\nno end'), '<pre><code>no end</code></pre>');
    assert.equal(renderMarkdown('| a |\nplain'), '<p>| a | plain</p>');
    assert.equal(renderMarkdown(''), '');
  });

  test('title and summary of a page', () => {
    const markdown = '# `missing_scope`: The token lacks a scope\n\n## What it means\n\nZoom rejected\nthe call.\n\nMore.\n';
    assert.equal(titleOf(markdown), 'The token lacks a scope');
    assert.equal(summaryOf(markdown), 'Zoom rejected the call.');
    assert.equal(titleOf('no heading'), null);
    assert.equal(summaryOf('# t'), null);
  });
});

describe('problem pages in workerd', () => {
  let stack;

  before(async () => {
    stack = await startStack();
  });

  after(async () => {
    await stack?.close();
  });

  test('docs cover twenty zoom kinds', () => {
    assert.equal(CLASSIFIER_KINDS.length, 20, CLASSIFIER_KINDS.join(', '));
  });

  for (const kind of CLASSIFIER_KINDS) {
    test(`page for ${kind}`, async () => {
      const markdown = await readFile(join(DOCS, `${kind}.md`), 'utf8');
      const response = await stack.fetch(`/problems/${kind}`);
      const html = await response.text();

      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
      assert.match(response.headers.get('content-security-policy'), /default-src 'none'/);
      assert.match(html, new RegExp(`<h1><code>${kind}</code>: `));
      assert.match(html, /<title>[^<]+<\/title>/);
      for (const section of ['What it means', 'How to confirm it', 'How to fix it']) {
        assert.ok(html.includes(`<h2>${section}</h2>`), `${kind} has no "${section}" section`);
      }
      assert.match(html, /<(ul|ol)>\n<li>/);
      assert.ok(!html.includes('`'), `${kind} has an unrendered code span`);
      assert.ok(!/<script/i.test(html), `${kind} contains a script`);
      assert.ok(html.includes(renderMarkdown(markdown).split('\n')[0]), `${kind} page does not start with its docs heading`);
    });
  }

  test('json page carries the markdown', async () => {
    const markdown = await readFile(join(DOCS, 'missing_scope.md'), 'utf8');
    const response = await stack.fetch('/problems/missing_scope', { headers: { accept: 'application/json' } });
    const body = await response.json();

    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type'), /^application\/json/);
    assert.equal(body.kind, 'missing_scope');
    assert.equal(body.title, 'The token lacks a required scope');
    assert.match(body.description, /^Zoom rejected the call because/);
    assert.equal(body.source, 'classifier');
    assert.equal(body.markdown, markdown);
  });

  test('rate_limited adds the worker limiter', async () => {
    const html = await (await stack.fetch('/problems/rate_limited')).text();
    assert.match(html, /<table>/);
    assert.match(html, /<code>RATE_LIMIT_MAX_QUEUE_MS<\/code>/);
  });

  for (const kind of WORKER_KINDS) {
    test(`worker kind ${kind} has a page`, async () => {
      const response = await stack.fetch(`/problems/${kind}`, { headers: { accept: 'application/json' } });
      const body = await response.json();

      assert.equal(response.status, 200);
      assert.equal(body.source, 'worker');
      assert.ok(body.title.length > 3);
      assert.ok(body.description.length > 20, `${kind}: ${body.description}`);
    });
  }

  test('worker kind renders as html', async () => {
    const response = await stack.fetch('/problems/unauthorized');
    const html = await response.text();
    assert.equal(response.status, 200);
    assert.match(html, /<h1><code>unauthorized<\/code>: Missing or invalid API key<\/h1>/);
    assert.match(html, /&#34;Authorization: Bearer &#60;PROXY_API_KEY&#62;&#34;/);
  });

  test('unknown kind gives 404 problem', async () => {
    const response = await stack.fetch('/problems/no_such_kind');
    const body = await response.json();

    assert.equal(response.status, 404);
    assert.equal(response.headers.get('content-type'), 'application/problem+json');
    assert.equal(body.kind, 'problem_not_found');
    assert.match(body.detail, /"no_such_kind"/);
    assert.match(body.detail, /missing_scope/);
  });

  // Every kind the classifier returns for the cases must lead to a page, not to the 404.
  test('classified cases link to pages', async () => {
    const cases = JSON.parse(await readFile(join(ROOT, 'tests/cases/failures.json'), 'utf8'));
    const kinds = new Set();
    for (const item of cases) {
      try {
        kinds.add(classifyFailure(item.response, { ...(item.context ?? {}), now: 1764590400 }).kind);
      } catch {
        // Cases that expect an invalid_argument error have no kind.
      }
    }
    assert.ok(kinds.size > 5, [...kinds].join(', '));
    for (const kind of kinds) {
      assert.ok(CLASSIFIER_KINDS.includes(kind), `${kind} has no page in docs/problems`);
      assert.equal((await stack.fetch(`/problems/${kind}`)).status, 200, kind);
    }
  });

  test('type of a worker failure resolves', async () => {
    const failed = await (await stack.fetch('/v1/summaries/demo-user/scenario-missing_scope', authorized())).json();
    const page = await fetch(failed.type);
    assert.equal(new URL(failed.type).pathname, '/problems/missing_scope');
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<h1><code>missing_scope<\/code>/);
  });

  test('route not found lists every route', async () => {
    const body = await (await stack.fetch('/v1/nothing')).json();
    for (const route of ['POST /v1/webhooks/zoom', 'GET /v1/deliveries/failed', 'POST /v1/deliveries/failed/{deliveryId}/retry', 'GET /v1/diagnose']) {
      assert.ok(body.detail.includes(route), `404 detail lacks ${route}`);
    }
    const page = await (await stack.fetch('/problems/route_not_found', { headers: { accept: 'application/json' } })).json();
    for (const route of ROUTES_TEXT) {
      assert.ok(page.description.includes(route), `route_not_found page lacks ${route}`);
    }
  });
});
