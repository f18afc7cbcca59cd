import type { Reporter } from './reporter.js';

export { buildReport, sortDiagnostics, type ReportInput } from './build-report.js';
export type { Reporter, ReporterOptions, ReporterOutput } from './reporter.js';

/** Every output format the CLI knows; each loads its reporter only when asked for. */
export const REPORTERS: Record<string, (() => Promise<Reporter>) | null> = {
  json: async () => (await import('./json-reporter.js')).jsonReporter,
  text: async () => (await import('./text-reporter.js')).textReporter,
  md: null,
  html: null,
  sarif: null,
};

export const FORMAT_NAMES = Object.keys(REPORTERS);
