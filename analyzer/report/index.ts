import type { Reporter } from './reporter.js';

export { buildReport, sortDiagnostics, type ReportInput } from './build-report.js';
export type { Reporter, ReporterOptions, ReporterOutput } from './reporter.js';

/** Every output format the CLI knows; each loads its reporter only when asked for. */
export const REPORTERS: Record<string, (() => Promise<Reporter>) | null> = {
  json: async () => (await import('./json-reporter.js')).jsonReporter,
  text: async () => (await import('./text-reporter.js')).textReporter,
  md: async () => (await import('./markdown-reporter.js')).markdownReporter,
  html: async () => (await import('./html-reporter.js')).loadHtmlReporter(),
  sarif: async () => (await import('./sarif-reporter.js')).sarifReporter,
  github: async () => (await import('./github-reporter.js')).githubReporter,
};

export const FORMAT_NAMES = Object.keys(REPORTERS);
