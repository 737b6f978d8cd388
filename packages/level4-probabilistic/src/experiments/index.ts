/**
 * level4-probabilistic's experiments, registered with the lab through
 * `@fpml/level4-probabilistic/experiments`. Each experiment is its own file; add it to this list.
 */
import type { Experiment } from '@fpml/core';
import gpCo2 from './gp-co2.js';
import uncertainty from './uncertainty.js';
import causalLalonde from './causal-lalonde.js';
import causalSynthetic from './causal-synthetic.js';
import eightSchools from './eight-schools.js';
import karateGnn from './karate-gnn.js';
import sbmHomophily from './sbm-homophily.js';

export const experiments: Experiment[] = [gpCo2, uncertainty, causalLalonde, causalSynthetic, eightSchools, karateGnn, sbmHomophily];
