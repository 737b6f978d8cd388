/**
 * Every experiment the lab can run, gathered from each package's `experiments` registry.
 * A level package exports `experiments: Experiment[]` from `src/experiments/index.ts`; add its
 * import here when the package lands (the lab depends on every package; nothing depends on it).
 */
import { NotFoundError, type Experiment } from '@fpml/core';
import { experiments as coreExperiments } from '@fpml/core/experiments';
import { experiments as level1Experiments } from '@fpml/level1-math/experiments';
import { experiments as level2Experiments } from '@fpml/level2-classical/experiments';
import { experiments as level3Experiments } from '@fpml/level3-deep/experiments';
import { experiments as level4Experiments } from '@fpml/level4-probabilistic/experiments';

export const EXPERIMENTS: readonly Experiment[] = [...coreExperiments, ...level1Experiments, ...level2Experiments, ...level3Experiments, ...level4Experiments];

/** The flagship experiments `pnpm lab` runs by default (quick mode), in order. */
export const DEFAULT_SUITE: readonly string[] = ['backends', 'pca-vs-autoencoder', 'mini-transformer', 'causal-lalonde'];

/** Look an experiment up by name. @throws NotFoundError listing the names. */
export function findExperiment(name: string, all: readonly Experiment[] = EXPERIMENTS): Experiment {
  const e = all.find((x) => x.name === name);
  if (!e) throw new NotFoundError('experiment', name, all.map((x) => x.name));
  return e;
}
