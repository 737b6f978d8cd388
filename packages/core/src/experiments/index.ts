/**
 * Core's experiments (level "core"), registered with the lab through `@fpml/core/experiments`.
 * Each experiment is its own file; add it to this list.
 */
import type { Experiment } from '../experiment/define.js';

export const experiments: Experiment[] = [];
