import type { CheckResult } from '../types/baseline.js';
import type { Severity } from '../types/index.js';
import { countBySeverity } from './report-index.js';
import type { ReporterOutput } from './reporter.js';
import type { RuleAwareOptions } from './rule-meta.js';

/** A check reporter is a pure function of the check result, like a Report reporter of the Report. */
export type CheckReporter = (result: CheckResult, options: RuleAwareOptions) => ReporterOutput;

/** Output formats of `archreview check`; the names match `archreview --format`. */
export const CHECK_REPORTERS: Record<string, () => Promise<CheckReporter>> = {
  text: async () => (await import('./check-text.js')).checkTextReporter,
  json: async () => (await import('./check-json.js')).checkJsonReporter,
  md: async () => (await import('./check-markdown.js')).checkMarkdownReporter,
  sarif: async () => (await import('./check-sarif.js')).checkSarifReporter,
  github: async () => (await import('./check-github.js')).checkGithubReporter,
};

export const CHECK_FORMAT_NAMES = Object.keys(CHECK_REPORTERS);

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "1 new finding (1 error) · 24 known · 2 fixed", the line every check output ends with. */
export function checkCounts(result: CheckResult): string {
  const { added, known, suppressed, fixed } = result.comparison;
  const counts = countBySeverity(added);
  const bySeverity = (['error', 'warn', 'info'] as Severity[]).filter((s) => counts[s]).map((s) => `${counts[s]} ${s}`);
  return [
    `${plural(added.length, 'new finding')}${bySeverity.length ? ` (${bySeverity.join(', ')})` : ''}`,
    `${known.length} known`,
    ...(suppressed.length ? [`${suppressed.length} suppressed`] : []),
    `${fixed.length} fixed`,
  ].join(' · ');
}

/** Why the check fails, one reason a line; empty when it passes. */
export function failureReasons(result: CheckResult): string[] {
  const reasons: string[] = [];
  if (result.failing.length) reasons.push(`${plural(result.failing.length, 'new finding')} at or above ${result.failOn}`);
  if (result.strictBaseline && !result.updated && result.comparison.fixed.length) {
    reasons.push(`${plural(result.comparison.fixed.length, 'fixed entry', 'fixed entries')} still in the baseline (--strict-baseline); drop them with --update-baseline`);
  }
  return reasons;
}

/** `--since main (3 changed files)`, for headers. */
export function scopeText(result: CheckResult): string {
  return result.since ? `only files changed since ${result.since.ref} (${plural(result.since.files, 'file')})` : '';
}
