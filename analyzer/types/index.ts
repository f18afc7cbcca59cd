export * from './common.js';
export * from './facts.js';
export * from './code-facts.js';
export * from './sym-text.js';
export * from './report.js';
export * from './graph.js';
export * from './links.js';
export * from './rule.js';
