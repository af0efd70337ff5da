// Prints the introspection report of every example token in examples/tokens.json, using the
// package built into pkg/. The clock is fixed so that the output does not change from run to run.
import { readFileSync } from 'node:fs';

import { introspectToken } from '../pkg/index.node.js';

const NOW = 1764590400; // 2025-12-01T12:00:00Z, the clock the examples were made for
const examples = JSON.parse(readFileSync(new URL('../examples/tokens.json', import.meta.url), 'utf8'));

function isoTime(seconds) {
  return seconds == null ? '-' : new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

function describeDuration(seconds) {
  const minutes = Math.round(Math.abs(seconds) / 60);
  let text = `${minutes} min`;
  if (minutes >= 48 * 60) {
    text = `${Math.round(minutes / (24 * 60))} days`;
  } else if (minutes >= 120) {
    text = `${Math.round(minutes / 60)} h`;
  }
  return seconds > 0 ? `in ${text}` : `${text} ago`;
}

function describeExpiry(report) {
  if (report.expiresAt == null) {
    return 'unknown (no exp claim)';
  }
  const state = report.expired ? 'EXPIRED' : 'valid';
  return `${isoTime(report.expiresAt)} (${state}, ${describeDuration(report.secondsLeft)})`;
}

function describeScopes(report) {
  if (report.scopes == null) {
    return 'unknown: only a token response lists the granted scopes';
  }
  return report.scopes.length === 0 ? '(none granted)' : report.scopes.join(' ');
}

function printReport(example, report) {
  const rows = [
    ['kind', report.version == null ? report.kind : `${report.kind} (ver ${report.version})`],
    ['client id', report.clientId ?? '-'],
    ['account id', report.accountId ?? '-'],
    ['user id', report.userId ?? '-'],
    ['issued at', isoTime(report.issuedAt)],
    ['expires at', describeExpiry(report)],
    ['scopes', describeScopes(report)],
    ['api url', report.apiUrl ?? '-'],
    ['token', `${report.redacted}  (sha-256 ${report.fingerprint})`],
  ];

  console.log(`\n${example.name}: ${example.about}`);
  for (const [label, value] of rows) {
    console.log(`  ${label.padEnd(11)} ${value}`);
  }
  if (report.warnings.length === 0) {
    console.log(`  ${'warnings'.padEnd(11)} none`);
  }
  for (const warning of report.warnings) {
    console.log(`  ${warning.level.padEnd(11)} ${warning.code}: ${warning.message}`);
  }
}

console.log(`zoom-summary-doctor: token introspection at ${isoTime(NOW)} (fixed clock)`);
for (const example of examples) {
  try {
    printReport(example, introspectToken(example.input, { now: NOW }));
  } catch (error) {
    console.log(`\n${example.name}: ${example.about}\n  error       ${error.code}: ${error.message}`);
  }
}
