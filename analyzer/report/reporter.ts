import type { Report } from '../types/index.js';

export interface ReporterOptions {
  /** Use ANSI colours (terminal output only). */
  color: boolean;
}

/** What a reporter produces: a file in the output folder, text for stdout, or both. */
export interface ReporterOutput {
  file?: { name: string; content: string };
  stdout?: string;
}

/** A reporter is a pure function of the Report. */
export type Reporter = (report: Report, options: ReporterOptions) => ReporterOutput;
