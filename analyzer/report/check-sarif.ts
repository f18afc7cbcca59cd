import type * as Sarif from 'sarif';
import type { Finding } from '../types/index.js';
import type { CheckReporter } from './check-reporters.js';
import { toSarif } from './sarif-reporter.js';

/**
 * `findings.sarif` for `archreview check`: every finding in scope, each with its
 * `baselineState` (`new`, or `unchanged` when the baseline or a suppression comment already
 * accepts it). Known findings carry an external suppression naming the baseline, so code
 * scanning can show them as accepted instead of open.
 */
export const checkSarifReporter: CheckReporter = (result, options) => {
  const { report, comparison } = result;
  const added = new Set(comparison.added);
  const known = new Set(comparison.known);
  const inScope = new Set<Finding>([...comparison.added, ...comparison.known, ...comparison.suppressed]);
  const findings = report.findings
    .filter((f) => inScope.has(f))
    .map((f) => (known.has(f) ? { ...f, suppressed: { reason: `known: held by the baseline ${result.baselineFile}` } } : f));
  const log = toSarif({ ...report, findings }, options);
  const run = log.runs[0]!;
  run.results = (run.results ?? []).map((r, i): Sarif.Result => ({ ...r, baselineState: added.has(findings[i]!) ? 'new' : 'unchanged' }));
  return { file: { name: 'findings.sarif', content: `${JSON.stringify(log, null, 2)}\n` } };
};
