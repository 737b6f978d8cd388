export * from './define.js';
export * from './params.js';
export * from './atomic.js';
export * from './report.js';
export * from './resources.js';
export * from './runner.js';
export * from './plots.js';
