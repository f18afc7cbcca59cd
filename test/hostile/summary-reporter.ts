import type { Reporter, TestModule } from 'vitest/node';
import { formatSummary, type SummaryRow } from './summary.js';

/**
 * Prints the hostile-input summary (cases per category, crashes, hangs, injections) after
 * vitest's own summary, from the rows the hostile tests leave in their task meta.
 */
export default class HostileSummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const rows: SummaryRow[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) rows.push(...(test.meta().hostileSummary ?? []));
    }
    if (rows.length) process.stdout.write(formatSummary(rows));
  }
}
