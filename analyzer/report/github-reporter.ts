import type { Severity } from '../types/index.js';
import { countBySeverity } from './report-index.js';
import type { Reporter } from './reporter.js';
import { terminalSafe } from './sanitize.js';

const COMMAND: Record<Severity, string> = { error: 'error', warn: 'warning', info: 'notice' };

/**
 * `--format github`: one GitHub Actions workflow command per open finding, so findings show
 * as annotations on the pull request, then a one-line summary. Untrusted text is escaped the
 * way the Actions toolkit does, so a message can neither end its command nor start another.
 */
export const githubReporter: Reporter = (report) => {
  const lines: string[] = [];
  const open = report.findings.filter((f) => !f.suppressed);
  for (const f of open) {
    const where = f.locations[0];
    const props = [
      ...(where ? [`file=${escapeProperty(where.file)}`] : []),
      ...(where?.line ? [`line=${where.line}`] : []),
      ...(where?.column ? [`col=${where.column}`] : []),
      `title=${escapeProperty(`archreview ${f.ruleId}`)}`,
    ];
    lines.push(`::${COMMAND[f.severity]} ${props.join(',')}::${escapeData(f.message)}`);
  }
  const counts = countBySeverity(open);
  const suppressed = report.findings.length - open.length;
  lines.push(
    open.length
      ? `archreview: ${open.length} open finding${open.length === 1 ? '' : 's'} (${counts.error} error, ${counts.warn} warning, ${counts.info} info)${suppressed ? `, ${suppressed} suppressed` : ''}`
      : `archreview: no open findings${suppressed ? ` (${suppressed} suppressed)` : ''}`,
  );
  return { stdout: `${lines.join('\n')}\n` };
};

/** Control characters (and with them `\r`) removed, then `%` and line feeds percent-encoded. */
export function escapeData(text: string): string {
  return terminalSafe(text).replace(/%/g, '%25').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
