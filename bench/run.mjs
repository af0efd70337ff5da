// Runs every benchmark section, prints the results side by side and writes bench/RESULTS.md.
// A section is a module whose default export is `{ title, run() }`, where run returns
// `{ rows: [[label, value]], checks: [{ name, pass, detail }] }`. Add a section by importing it
// into SECTIONS.
import { writeFileSync } from 'node:fs';

import classify from './classify.mjs';
import { describeMachine } from './lib.mjs';
import size from './size.mjs';
import token from './token.mjs';
import webhook from './webhook.mjs';
import worker from './worker.mjs';

const SECTIONS = [size, token, classify, worker, webhook];

function printSection(section, result) {
  console.log(`\n${section.title}`);
  const width = Math.max(...result.rows.map(([label]) => label.length));
  for (const [label, value] of result.rows) {
    console.log(`  ${label.padEnd(width)}  ${value}`);
  }
}

function toMarkdown(results, checks, machine) {
  const lines = ['# Benchmark results', '', 'Written by `make bench` (bench/run.mjs); rerun it to refresh this page.', ''];
  lines.push('## Machine', '', ...machine.map((line) => `- ${line}`), '');
  lines.push(
    'Absolute times rise with machine load (see the load average above). The ratios compare',
    'functions measured in the same interleaved batches, so load affects them much less.',
    '',
  );
  for (const { section, result } of results) {
    lines.push(`## ${section.title}`, '', '| measure | value |', '|---|---|');
    lines.push(...result.rows.map(([label, value]) => `| ${label} | ${value} |`), '');
  }
  lines.push('## Targets', '', '| target | result | measured |', '|---|---|---|');
  lines.push(...checks.map((check) => `| ${check.name} | ${check.pass ? 'PASS' : 'FAIL'} | ${check.detail} |`), '');
  return lines.join('\n');
}

const machine = describeMachine();
console.log(machine.join('\n'));

const results = [];
for (const section of SECTIONS) {
  const result = await section.run();
  printSection(section, result);
  results.push({ section, result });
}

const checks = results.flatMap(({ result }) => result.checks);
console.log('\nTargets');
for (const check of checks) {
  console.log(`  ${check.pass ? 'PASS' : 'FAIL'}  ${check.name}  (${check.detail})`);
}

writeFileSync(new URL('./RESULTS.md', import.meta.url), toMarkdown(results, checks, machine));
console.log('\nwrote bench/RESULTS.md');
