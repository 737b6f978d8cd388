/**
 * level2-classical's experiments, registered with the lab through
 * `@fpml/level2-classical/experiments`. Each experiment is its own file; add it to this list.
 */
import type { Experiment } from '@fpml/core';
import biasVariance from './bias-variance.js';
import classicalBenchmark from './classical-benchmark.js';
import ensembles from './ensembles.js';
import logisticRegressionM1 from './logistic-regression-m1.js';
import svmGeometry from './svm-geometry.js';

export const experiments: Experiment[] = [logisticRegressionM1, biasVariance, svmGeometry, ensembles, classicalBenchmark];
