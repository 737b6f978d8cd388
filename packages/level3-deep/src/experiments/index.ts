/**
 * level3-deep's experiments, registered with the lab through `@fpml/level3-deep/experiments`.
 * Each experiment is its own file; add it to this list.
 */
import type { Experiment } from '@fpml/core';
import gradientCheckM2 from './gradient-check-m2.js';
import xorDepth from './xor-depth.js';
import cnn from './cnn.js';
import lmLadder from './lm-ladder.js';
import miniTransformer from './mini-transformer.js';

export const experiments: Experiment[] = [gradientCheckM2, xorDepth, cnn, miniTransformer, lmLadder];
