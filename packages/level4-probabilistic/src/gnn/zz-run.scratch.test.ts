import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runExperiment } from '@fpml/core';
import { it } from 'vitest';
import { experiments } from '../experiments/index.js';

it('run', async () => {
  const name = process.env.EXP!;
  const e = experiments.find((x) => x.name === name)!;
  const t0 = performance.now();
  const r = await runExperiment(e, { runsDir: '/tmp/gnn-runs', quick: process.env.FULL ? false : true, seed: 0, params: JSON.parse(process.env.PARAMS ?? '{}') });
  const res = JSON.parse(readFileSync(join(r.dir, 'result.json'), 'utf8'));
  console.log(r.dir, ((performance.now() - t0) / 1000).toFixed(1), 's');
  console.log(JSON.stringify(res.metrics, null, 1), JSON.stringify(res.expectation));
  console.log(JSON.stringify(res.tables ?? res.observations, null, 0).slice(0, 4000));
}, 1_800_000);
