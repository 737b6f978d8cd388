/**
 * level1-math's experiments, registered with the lab through `@fpml/level1-math/experiments`.
 * Each experiment is its own file; add it to this list.
 */
import type { Experiment } from '@fpml/core';
import optimizerConvergence from './optimizer-convergence.js';
import pcaVsAutoencoder from './pca-vs-autoencoder.js';

export const experiments: Experiment[] = [optimizerConvergence, pcaVsAutoencoder];
