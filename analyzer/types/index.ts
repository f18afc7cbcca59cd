export * from './common.js';
export * from './facts.js';
export * from './report.js';
export * from './graph.js';
