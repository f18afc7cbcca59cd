import type { Report, Severity } from '../types/index.js';
import type { Reporter } from './reporter.js';
import { terminalSafe } from './sanitize.js';

const SEVERITIES: Severity[] = ['error', 'warn', 'info'];
const COLORS: Record<string, string> = { error: '31', warn: '33', info: '36', dim: '2', bold: '1', green: '32' };

/** The terminal summary: counts of what was found, findings by severity, the worst diagnostics. */
export const textReporter: Reporter = (report, options) => {
  const paint = (color: keyof typeof COLORS, text: string): string => (options.color ? `\u001b[${COLORS[color]}m${text}\u001b[0m` : text);
  const lines: string[] = [];
  const services = report.services.filter((s) => s.kind === 'service');
  const gateways = report.services.filter((s) => s.kind === 'gateway');
  const externals = report.services.filter((s) => s.kind === 'external');
  const count = (kinds: string[]): number => report.edges.filter((e) => kinds.includes(e.kind)).length;
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, report.findings.filter((f) => f.severity === s && !f.suppressed).length])) as Record<Severity, number>;
  const suppressed = report.findings.filter((f) => f.suppressed).length;
  const diagLevels = ['error', 'warning', 'info'].map((l) => `${report.diagnostics.filter((d) => d.level === l).length} ${l}`);

  lines.push(paint('bold', `archreview ${report.tool.version} · ${terminalSafe(report.root)}`));
  lines.push('');
  const row = (label: string, value: number, detail: string): string => `  ${label.padEnd(12)}${String(value).padStart(5)}${detail ? `  ${paint('dim', detail)}` : ''}`;
  lines.push(row('Services', services.length, `${services.filter((s) => s.thirdParty).length} third-party`));
  lines.push(row('Gateways', gateways.length, ''));
  lines.push(row('External', externals.length, ''));
  lines.push(row('Datastores', report.datastores.length, kindsOf(report.datastores.map((d) => d.kind))));
  lines.push(row('Channels', report.channels.length, ''));
  lines.push(row('Edges', report.edges.length, `${count(['http', 'grpc'])} sync · ${count(['publishes', 'consumes'])} async · ${count(['reads', 'writes', 'connects'])} data · ${count(['depends-on'])} depends-on`));
  const findingDetail = SEVERITIES.map((s) => paint(bySeverity[s] ? s : 'dim', `${bySeverity[s]} ${s}`)).join(' · ') + (suppressed ? paint('dim', ` · ${suppressed} suppressed`) : '');
  lines.push(`  ${'Findings'.padEnd(12)}${String(bySeverity.error + bySeverity.warn + bySeverity.info).padStart(5)}  ${findingDetail}`);
  lines.push(row('Diagnostics', report.diagnostics.length, diagLevels.join(' · ')));
  if (report.score) {
    const { verdict, confidence, reasons } = report.score;
    lines.push(`  ${'Verdict'.padEnd(12)}${paint('bold', verdict)}  ${paint('dim', `${confidence} confidence`)}`);
    if (reasons[0]) lines.push(`  ${' '.repeat(12)}${paint('dim', terminalSafe(reasons[0]))}`);
  }

  const rank = (s: Severity): number => SEVERITIES.indexOf(s);
  // Worst first; the sort is stable, so findings of one severity keep the report's order.
  const shown = report.findings
    .filter((f) => !f.suppressed)
    .sort((a, b) => rank(a.severity) - rank(b.severity))
    .slice(0, 20);
  if (shown.length) {
    lines.push('');
    for (const f of shown) {
      const where = f.locations[0] ? ` ${paint('dim', `${terminalSafe(f.locations[0].file)}${f.locations[0].line ? `:${f.locations[0].line}` : ''}`)}` : '';
      lines.push(`  ${paint(f.severity, f.severity.padEnd(5))} ${terminalSafe(f.message)} ${paint('dim', f.ruleId)}${where}`);
    }
    const unsuppressed = report.findings.length - suppressed;
    if (unsuppressed > shown.length) lines.push(paint('dim', `  … and ${unsuppressed - shown.length} more in archreview.json and the reports`));
  }
  const serious = report.diagnostics.filter((d) => d.level !== 'info');
  if (serious.length) {
    lines.push('');
    for (const d of serious.slice(0, 5)) {
      const where = d.file ? `${terminalSafe(d.file)}${d.line ? `:${d.line}` : ''}: ` : '';
      lines.push(`  ${paint(d.level === 'error' ? 'error' : 'warn', d.level.padEnd(7))} ${where}${terminalSafe(d.message)}`);
    }
    if (serious.length > 5) lines.push(paint('dim', `  … and ${serious.length - 5} more diagnostics in archreview.json`));
  }
  return { stdout: `${lines.join('\n')}\n` };
};

function kindsOf(kinds: string[]): string {
  const counts = new Map<string, number>();
  for (const k of kinds) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, n]) => `${n} ${k}`).join(' · ');
}
