/**
 * A small benchmark harness that writes API.md's bench schema.
 *
 * Each workload runs as a vitest case (so `pnpm bench` shows progress), is timed with
 * `process.hrtime.bigint()` after warm-up until both a minimum iteration count and a minimum
 * time are reached, and is recorded as `{ id, unit, value, n, peer? }`. When the file finishes,
 * the records go to `bench-results/<suite>.json` and are printed as JSON.
 *
 * Units: `s` (median seconds per iteration) or a throughput `<X>/s`, computed as
 * `work / median_seconds` and scaled by `scale` (e.g. `work` = FLOPs, `scale` = 1e9 → GFLOP/s).
 * A peer (another implementation measured in the same run) is attached by id, so results can
 * be read as ratios on any machine.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, it } from 'vitest';

/** One row of `bench-results/<package>.json` (schema fixed by API.md). */
export interface BenchRecord {
  id: string;
  unit: string;
  value: number;
  /** Timed iterations behind `value`. */
  n: number;
  peer?: { name: string; value: number };
}

export interface WorkloadSpec {
  /** Workload id, e.g. `W7/matmul-1024/tensorflow`. */
  id: string;
  /** `s` for seconds per iteration, else a throughput unit such as `GFLOP/s`. @default 's' */
  unit?: string;
  /** Work per iteration for throughput units (e.g. FLOPs). Required unless unit is `s`. */
  work?: number;
  /** Divisor turning work/s into `unit`. @default 1 */
  scale?: number;
  /** Untimed warm-up iterations. @default 2 */
  warmup?: number;
  /** Minimum timed iterations. @default 5 */
  minIters?: number;
  /** Minimum timed wall time in ms. @default 1000 */
  minTimeMs?: number;
  /** Id of an earlier workload in the same suite to report as this one's peer. */
  peerOf?: string;
  /** Set up once before timing (not timed). */
  setup?: () => unknown | Promise<unknown>;
  /** Per-case vitest timeout in ms. @default 600000 */
  timeoutMs?: number;
}

/** Median of a sample (sorted copy). */
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Time `fn` and return the per-iteration seconds of each timed run. */
export async function timeIterations(
  fn: () => unknown | Promise<unknown>,
  opts: { warmup?: number; minIters?: number; minTimeMs?: number } = {},
): Promise<number[]> {
  const { warmup = 2, minIters = 5, minTimeMs = 1000 } = opts;
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  const start = process.hrtime.bigint();
  while (samples.length < minIters || Number(process.hrtime.bigint() - start) / 1e6 < minTimeMs) {
    const t0 = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return samples;
}

/**
 * Declare a benchmark suite: call inside a `*.bench.ts` file at module level.
 * `suite` names the output file (`bench-results/<suite>.json`), usually the package name.
 */
export function benchSuite(suite: string, outDir = 'bench-results') {
  const records: BenchRecord[] = [];
  afterAll(() => {
    mkdirSync(outDir, { recursive: true });
    const json = JSON.stringify(records, null, 2);
    writeFileSync(join(outDir, `${suite}.json`), json + '\n');
    process.stdout.write(`\n${json}\n`);
  });
  return {
    records,
    /** Register one workload. `fn` is the timed body. */
    workload(spec: WorkloadSpec, fn: () => unknown | Promise<unknown>): void {
      const unit = spec.unit ?? 's';
      if (unit !== 's' && !(spec.work && spec.work > 0)) {
        throw new Error(`bench ${spec.id}: unit ${unit} needs a positive 'work' per iteration`);
      }
      it(spec.id, async () => {
        if (spec.setup) await spec.setup();
        const samples = await timeIterations(fn, spec);
        const med = median(samples);
        const value = unit === 's' ? med : spec.work! / med / (spec.scale ?? 1);
        const record: BenchRecord = { id: spec.id, unit, value, n: samples.length };
        if (spec.peerOf) {
          const peer = records.find((r) => r.id === spec.peerOf);
          if (peer) record.peer = { name: peer.id, value: peer.value };
        }
        records.push(record);
      }, spec.timeoutMs ?? 600_000);
    },
    /** Record a figure measured elsewhere in the same run (e.g. a Python peer timed by subprocess). */
    record(r: BenchRecord): void {
      records.push(r);
    },
  };
}
