export { analyze, type AnalyzeOptions, type Analysis } from './run.js';
export { loadConfig, parseConfigText, ConfigError } from './config/load-config.js';
export { ConfigSchema, DEFAULT_CONFIG, type Config } from './config/schema.js';
export * from './types/index.js';
