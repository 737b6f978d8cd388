export { Rng, type RngState, type ChoiceOptions } from './rng.js';
