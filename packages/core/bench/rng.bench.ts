/**
 * Rng throughput in millions of draws per second. The peer of the raw uniform stream is the
 * same xoshiro256** written with BigInt state (the obvious implementation), measured in the same
 * run, to show what the 32-bit-halves state buys. Fixed seeds.
 *
 * Run: cd packages/core && npx vitest run --config vitest.bench.config.ts bench/rng.bench.ts
 */
import { Rng } from '../src/rng/rng.js';
import { benchSuite } from '../src/testing/bench.js';

const suite = benchSuite('core-rng');
const DRAWS = 1_000_000;
const M = 2n ** 64n - 1n;

/** xoshiro256** on BigInt words: s seeded from the Rng's own state so both streams agree. */
function bigIntUniforms(s: bigint[], n: number): number {
  let acc = 0;
  for (let k = 0; k < n; k++) {
    const x = (((s[1]! * 5n) & M) << 7n | ((s[1]! * 5n) & M) >> 57n) & M;
    const out = (x * 9n) & M;
    const t = (s[1]! << 17n) & M;
    s[2] ^= s[0]!;
    s[3] ^= s[1]!;
    s[1] ^= s[2]!;
    s[0] ^= s[3]!;
    s[2] ^= t;
    s[3] = ((s[3]! << 45n) | (s[3]! >> 19n)) & M;
    acc += Number(out >> 11n) * 2 ** -53;
  }
  return acc;
}

const sink = { v: 0 };
const rng = new Rng(0);
const words = new Rng(0).toJSON().state.map((h) => BigInt(`0x${h}`));

suite.workload({ id: 'rng/next-bigint-reference', unit: 'Mdraws/s', work: DRAWS / 10, scale: 1e6, minTimeMs: 500 }, () => {
  sink.v += bigIntUniforms(words, DRAWS / 10);
});
suite.workload({ id: 'rng/next', unit: 'Mdraws/s', work: DRAWS, scale: 1e6, minTimeMs: 500, peerOf: 'rng/next-bigint-reference' }, () => {
  let a = 0;
  for (let k = 0; k < DRAWS; k++) a += rng.next();
  sink.v += a;
});
suite.workload({ id: 'rng/int-1000', unit: 'Mdraws/s', work: DRAWS, scale: 1e6, minTimeMs: 500 }, () => {
  let a = 0;
  for (let k = 0; k < DRAWS; k++) a += rng.int(1000);
  sink.v += a;
});
suite.workload({ id: 'rng/normal', unit: 'Mdraws/s', work: DRAWS, scale: 1e6, minTimeMs: 500 }, () => {
  let a = 0;
  for (let k = 0; k < DRAWS; k++) a += rng.normal();
  sink.v += a;
});
suite.workload({ id: 'rng/gamma-0.5', unit: 'Mdraws/s', work: DRAWS, scale: 1e6, minTimeMs: 500 }, () => {
  let a = 0;
  for (let k = 0; k < DRAWS; k++) a += rng.gamma(0.5);
  sink.v += a;
});
suite.workload({ id: 'rng/permutation-1e5', unit: 's', minTimeMs: 500 }, () => {
  sink.v += rng.permutation(100_000)[0]!;
});
