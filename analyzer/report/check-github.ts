import { checkCounts, failureReasons, plural, type CheckReporter } from './check-reporters.js';
import { escapeData, escapeProperty, githubReporter } from './github-reporter.js';

/**
 * `--format github` for `archreview check`: the annotations of the analyze command, for the
 * new findings only, then the fixed entries as one notice (an error under --strict-baseline)
 * and a summary line.
 */
export const checkGithubReporter: CheckReporter = (result, options) => {
  const { report, comparison } = result;
  const annotations = comparison.added.length ? githubReporter({ ...report, findings: comparison.added }, options).stdout!.trimEnd().split('\n').slice(0, -1) : [];
  const lines = [...annotations];
  if (comparison.fixed.length) {
    const strict = result.strictBaseline && !result.updated;
    const rules = [...new Set(comparison.fixed.map((e) => e.ruleId))].sort().join(', ');
    const text = `${plural(comparison.fixed.length, 'baseline entry', 'baseline entries')} fixed (${rules})${result.updated ? ` and dropped from ${result.baselineFile}` : '; drop them with archreview check --update-baseline'}`;
    lines.push(`::${strict ? 'error' : 'notice'} title=${escapeProperty('archreview baseline')}::${escapeData(text)}`);
  }
  const reasons = failureReasons(result);
  lines.push(`archreview check: ${checkCounts(result)}${reasons.length ? ` — fails: ${reasons.join('; ')}` : ''}`);
  return { stdout: `${lines.join('\n')}\n` };
};
