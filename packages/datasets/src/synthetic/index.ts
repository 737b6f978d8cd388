/** Synthetic data generators (scikit-learn's `make_*` algorithms, seeded by core's Rng). */
export { makeBlobs, type MakeBlobsOptions, type Blobs } from './blobs.js';
export { makeMoons, makeCircles, type MakeCurvesOptions, type MakeCirclesOptions } from './moons.js';
export { makeXor, type MakeXorOptions } from './xor.js';
export { makeRegression, type MakeRegressionOptions } from './regression.js';
export { makeClassification, type MakeClassificationOptions } from './classification.js';
