export * from './types.js';
export * from './registry.js';
export * from './label-encoder.js';
export * from './serialization.js';
export * from './dummy-classifier.js';
export { DummyRegressor, type DummyRegressorOptions, type DummyRegressorParams, type DummyRegressorStrategy } from './dummy-regressor.js';
