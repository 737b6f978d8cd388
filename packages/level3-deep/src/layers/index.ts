/**
 * Layers, each a float64 reference module and its tfjs twin in one file. See README.md.
 * @see ../../../../docs/level3-deep/layers.md
 */
export { Linear, TfLinear, type LinearOptions } from './linear.js';
