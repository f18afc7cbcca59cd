import type { Finding } from '../../types/index.js';
import { countBySeverity } from '../report-index.js';
import { ruleHelpUri } from '../rule-meta.js';
import { SEVERITY_LABEL, type MdContext } from './context.js';
import { mdCode, mdLocation, mdText } from './escape.js';
import { capped, plural, someOf, table } from './table.js';

const EVIDENCE_PER_FINDING = 8;

/** Open findings by category, one block per rule with its fix; suppressed findings after them. */
export function findingsSection(ctx: MdContext): string {
  const out: string[] = ['## Findings', ''];
  const open = ctx.index.open;
  if (!open.length) {
    out.push('No rule reported an open finding in this run.');
  } else {
    const counts = countBySeverity(open);
    out.push(
      `${plural(open.length, 'open finding')}: ${counts.error} error, ${counts.warn} warning, ${counts.info} info. ` +
        'Each lists its evidence as `file:line` in the analyzed repository and what to do about it.',
    );
  }
  for (const { category, findings } of ctx.categories) {
    out.push('', `### ${capitalize(mdText(category))} (${findings.length})`);
    const rules = new Map<string, Finding[]>();
    for (const f of findings) rules.set(f.ruleId, [...(rules.get(f.ruleId) ?? []), f]);
    for (const [ruleId, list] of rules) out.push('', ruleBlock(ctx, ruleId, list));
  }
  const suppressed = ctx.index.suppressed;
  if (suppressed.length) {
    out.push('', '### Suppressed findings', '', 'These findings were reported and then suppressed in the configuration or the code; they do not count towards the verdict or the exit code.', '');
    out.push(
      table(
        ['Rule', 'Severity', 'Finding', 'Reason', 'Suppressed at'],
        suppressed.map((f) => [
          mdCode(f.ruleId, true),
          SEVERITY_LABEL[f.severity],
          mdText(f.message),
          mdText(f.suppressed?.reason ?? ''),
          f.suppressed?.location ? mdLocation(f.suppressed.location, true) : '\u2014',
        ]),
      ),
    );
  }
  return out.join('\n');
}

function ruleBlock(ctx: MdContext, ruleId: string, findings: Finding[]): string {
  const meta = ctx.rule(ruleId);
  const title = meta.title ? `${mdText(meta.title)} (${mdCode(ruleId)})` : mdCode(ruleId);
  const lines = [`#### ${title}`, ''];
  if (meta.rationale) lines.push(mdText(meta.rationale), '');
  for (const f of findings) {
    lines.push(`- **${ctx.ref(f)} \u00b7 ${SEVERITY_LABEL[f.severity]}** \u2014 ${mdText(f.message)}`);
    const subjects = [...new Set(f.subjects)].map((s) => mdText(ctx.index.name(s)));
    if (subjects.length) lines.push(`  - Affects: ${someOf(subjects, 8)}`);
    const { shown, more } = capped(f.locations, EVIDENCE_PER_FINDING);
    if (shown.length) lines.push(`  - Evidence: ${shown.map((l) => mdLocation(l)).join(', ')}${more ? ` and ${more} more` : ''}`);
    else lines.push('  - Evidence: no file location recorded');
  }
  const help = ruleHelpUri(ruleId);
  lines.push('');
  if (meta.fix) lines.push(`**Fix:** ${mdText(meta.fix)}${help ? ` ([rule documentation](${help}))` : ''}`);
  else lines.push(help ? `**Fix:** see the [rule documentation](${help}).` : '**Fix:** no advice is recorded for this rule.');
  return lines.join('\n');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
