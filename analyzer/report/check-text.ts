import type { BaselineEntry } from '../types/baseline.js';
import type { Finding } from '../types/index.js';
import { checkCounts, failureReasons, plural, scopeText, type CheckReporter } from './check-reporters.js';
import { terminalSafe } from './sanitize.js';

const COLORS = { error: '31', warn: '33', info: '36', dim: '2', bold: '1', green: '32' } as const;
const SHOWN_NEW = 50;
const SHOWN_FIXED = 20;

/**
 * The terminal output of `archreview check`: new findings first, then how many known ones
 * remain, then the baseline entries that are fixed, then the decision.
 */
export const checkTextReporter: CheckReporter = (result, options) => {
  const paint = (color: keyof typeof COLORS, text: string): string => (options.color ? `\u001b[${COLORS[color]}m${text}\u001b[0m` : text);
  const { report, comparison } = result;
  const lines: string[] = [];
  const scope = scopeText(result);
  lines.push(paint('bold', `archreview check · ${terminalSafe(report.root)} · baseline ${terminalSafe(result.baselineFile)}${scope ? ` · ${scope}` : ''}`));
  lines.push('');

  if (comparison.added.length) {
    lines.push(paint('bold', `New findings (${comparison.added.length}):`));
    for (const f of comparison.added.slice(0, SHOWN_NEW)) lines.push(`  ${paint(f.severity, f.severity.padEnd(5))} ${terminalSafe(f.ruleId)}  ${terminalSafe(f.message)}${where(f, paint)}`);
    if (comparison.added.length > SHOWN_NEW) lines.push(paint('dim', `  … and ${comparison.added.length - SHOWN_NEW} more (--format json lists them all)`));
  } else {
    lines.push(paint('green', 'No new findings.'));
  }
  lines.push('');
  lines.push(`Known: ${plural(comparison.known.length, 'finding')} the baseline holds${comparison.suppressed.length ? `; ${comparison.suppressed.length} suppressed in the code or config` : ''}.`);

  const fixed = comparison.fixed;
  if (fixed.length) {
    const action = result.updated ? `dropped from ${terminalSafe(result.baselineFile)}` : 'run with --update-baseline to drop them';
    lines.push(`Fixed: ${plural(fixed.length, 'baseline entry', 'baseline entries')} no longer found (${action}):`);
    for (const e of fixed.slice(0, SHOWN_FIXED)) lines.push(`  ${paint('green', 'fixed')} ${terminalSafe(e.ruleId)}  ${terminalSafe(e.message)}${wasAt(e, paint)}`);
    if (fixed.length > SHOWN_FIXED) lines.push(paint('dim', `  … and ${fixed.length - SHOWN_FIXED} more (--format json lists them all)`));
  } else {
    lines.push('Fixed: none of the baseline entries.');
  }
  if (result.updated && result.updated.removed !== fixed.length) lines.push(`Updated ${terminalSafe(result.baselineFile)}: dropped ${plural(result.updated.removed, 'fixed entry', 'fixed entries')}.`);

  lines.push('');
  const reasons = failureReasons(result);
  if (reasons.length) for (const reason of reasons) lines.push(`${paint('error', 'FAIL')} ${reason}`);
  else lines.push(`${paint('green', 'PASS')} ${passText(result.failOn)}`);
  lines.push(paint('dim', checkCounts(result)));
  return { stdout: `${lines.join('\n')}\n` };
};

export function passText(failOn: string): string {
  return failOn === 'never' ? 'new findings do not fail this check (--fail-on never)' : `no new findings at or above ${failOn}`;
}

function where(f: Finding, paint: (color: 'dim', text: string) => string): string {
  const l = f.locations[0];
  return l ? `  ${paint('dim', `${terminalSafe(l.file)}${l.line ? `:${l.line}` : ''}`)}` : '';
}

function wasAt(e: BaselineEntry, paint: (color: 'dim', text: string) => string): string {
  return e.location ? `  ${paint('dim', `was at ${terminalSafe(e.location.file)}${e.location.line ? `:${e.location.line}` : ''}`)}` : '';
}
