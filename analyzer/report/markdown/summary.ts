import { countBySeverity, edgeClass, ownServices, SEVERITIES } from '../report-index.js';
import { SEVERITY_LABEL, type MdContext } from './context.js';
import { mdLocation, mdText } from './escape.js';
import { formatNumber, plural, table } from './table.js';
import { VERDICT_LABEL } from './verdict.js';

/** Verdict, the system at a glance, findings by severity and the top risks. */
export function summarySection(ctx: MdContext): string {
  const { report } = ctx.index;
  const out: string[] = ['## Summary', ''];
  const { score } = report;
  if (score.verdict === 'unknown') {
    out.push('**Verdict: none yet.** The split-or-stay verdict was not reached; the [scorecard](#split-or-stay-scorecard) lists the signals that were measured and the inputs that are missing.');
  } else {
    out.push(`**Verdict: ${VERDICT_LABEL[score.verdict]}** (confidence: ${score.confidence}). See the [scorecard](#split-or-stay-scorecard) for the reasons and signals.`);
  }
  out.push('');

  const own = ownServices(report);
  const thirdParty = report.services.filter((s) => s.kind === 'service' && s.thirdParty);
  const gateways = report.services.filter((s) => s.kind === 'gateway');
  const externals = report.services.filter((s) => s.kind === 'external');
  const engines = new Map<string, number>();
  for (const d of report.datastores) engines.set(d.kind, (engines.get(d.kind) ?? 0) + 1);
  const engineText = [...engines].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, n]) => `${n} ${mdText(k)}`).join(', ');
  const classes = { sync: 0, async: 0, data: 0, declared: 0 };
  for (const e of report.edges) classes[edgeClass(e.kind)] += 1;
  const loc = own.reduce((sum, s) => sum + (s.loc ?? 0), 0);
  out.push(
    table(
      ['The system', 'Count', 'Detail'],
      [
        ['Services built here', String(own.length), loc ? `${formatNumber(loc)} lines of code` : ''],
        ['Third-party services', String(thirdParty.length), thirdParty.map((s) => mdText(s.name)).slice(0, 6).join(', ')],
        ['Gateways', String(gateways.length), gateways.map((s) => mdText(s.name)).slice(0, 6).join(', ')],
        ['External APIs', String(externals.length), externals.map((s) => mdText(s.name)).slice(0, 6).join(', ')],
        ['Datastores', String(report.datastores.length), engineText],
        ['Channels', String(report.channels.length), ''],
        ['Connections', String(report.edges.length), `${classes.sync} sync, ${classes.async} async, ${classes.data} data, ${classes.declared} declared start-up order only`],
      ],
      ['l', 'r', 'l'],
    ),
  );
  out.push('');

  const open = countBySeverity(ctx.index.open);
  const suppressed = countBySeverity(ctx.index.suppressed);
  out.push('### Findings by severity', '');
  out.push(
    table(
      ['Severity', 'Open', 'Suppressed'],
      SEVERITIES.map((s) => [SEVERITY_LABEL[s], String(open[s]), String(suppressed[s])]),
      ['l', 'r', 'r'],
    ),
  );
  out.push('', '### Top risks', '');
  const top = ctx.categories
    .flatMap((c) => c.findings)
    .sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity))
    .slice(0, 5);
  if (top.length) {
    top.forEach((f, i) => {
      const where = f.locations[0] ? ` (${mdLocation(f.locations[0])})` : '';
      out.push(`${i + 1}. **${SEVERITY_LABEL[f.severity]}** \u2014 ${mdText(f.message)}${where} (${ctx.ref(f)})`);
    });
  } else {
    out.push('No rule reported an open finding in this run, so there are no top risks to rank.');
  }
  const failing = report.score.checklist.filter((r) => r.status === 'fail');
  if (failing.length) {
    const services = new Set(failing.map((r) => r.service)).size;
    out.push('', `The [production checklist](#production-checklist) has ${plural(failing.length, 'failing check')} in ${plural(services, 'service')}.`);
  }
  const errors = report.diagnostics.filter((d) => d.level === 'error').length;
  if (errors) out.push('', `archreview met ${plural(errors, 'error')} while reading the repository (see the [diagnostics](#diagnostics)); what the unreadable files declare is missing from this review.`);
  return out.join('\n');
}
