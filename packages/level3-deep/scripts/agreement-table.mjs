// Summarise an agreement log (src/nn/agreement.ts) as the docs' markdown table: per module, the
// number of oracle cases and the worst max |a - b| against PyTorch 1.13 float64, the worst
// gradient-check relative error, and the worst parity relative error per tfjs backend.
//
// Usage (from packages/level3-deep):
//   rm -f /tmp/agree.jsonl && FPML_AGREEMENT_LOG=/tmp/agree.jsonl npx vitest run src   (the log is appended to)
//   node scripts/agreement-table.mjs /tmp/agree.jsonl [Module,Module,...]
import { readFileSync } from 'node:fs';

const [file, only] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/agreement-table.mjs LOG.jsonl [Module,Module,...]');
  process.exit(2);
}
const rows = new Map();
for (const line of readFileSync(file, 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const r = JSON.parse(line);
  const m = rows.get(r.module) ?? { oracle: [], gradcheck: [], parity: new Map() };
  if (r.check === 'parity') m.parity.set(r.backend, Math.max(m.parity.get(r.backend) ?? 0, r.value));
  else m[r.check].push(r.value);
  rows.set(r.module, m);
}
const fmt = (v) => (v === undefined ? '—' : v === 0 ? '0' : v.toExponential(1));
const worst = (xs) => (xs.length === 0 ? undefined : Math.max(...xs));
const names = only ? only.split(',') : [...rows.keys()].sort();
const backends = ['tensorflow', 'wasm', 'cpu'];
console.log('| module | oracle cases | worst abs. error vs PyTorch | gradient checks | worst gradcheck rel. error | parity worst rel. error: ' + backends.join(' / ') + ' |');
console.log('|---|---|---|---|---|---|');
for (const n of names) {
  const m = rows.get(n);
  if (!m) { console.log(`| ${n} | (not in the log) | | | | |`); continue; }
  console.log(`| ${n} | ${m.oracle.length} | ${fmt(worst(m.oracle))} | ${m.gradcheck.length} | ${fmt(worst(m.gradcheck))} | ${backends.map((b) => fmt(m.parity.get(b))).join(' / ')} |`);
}
