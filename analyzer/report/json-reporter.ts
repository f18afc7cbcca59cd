import type { Reporter } from './reporter.js';

/** `archreview.json`: the Report, two-space indented, with a final newline. */
export const jsonReporter: Reporter = (report) => ({ file: { name: 'archreview.json', content: `${JSON.stringify(report, null, 2)}\n` } });
