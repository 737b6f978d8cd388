/**
 * Core's experiments (level "core"), registered with the lab through `@fpml/core/experiments`.
 * Each experiment is its own file; add it to this list.
 */
import type { Experiment } from '../experiment/define.js';
import backends from './backends.js';

export const experiments: Experiment[] = [backends];
