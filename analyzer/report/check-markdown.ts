import type { BaselineEntry } from '../types/baseline.js';
import type { Finding, Severity } from '../types/index.js';
import { checkCounts, failureReasons, plural, scopeText, type CheckReporter } from './check-reporters.js';
import { mdCode, mdLocation, mdText } from './markdown/escape.js';
import { ruleHelpUri } from './rule-meta.js';

/** First line of the comment, so a workflow can find and update its own comment. */
export const CHECK_COMMENT_MARKER = '<!-- archreview-check -->';
const SHOWN = 50;
const ICON: Record<Severity, string> = { error: '🔴 error', warn: '🟠 warn', info: '🔵 info' };

/**
 * `check-summary.md`: the pull-request comment of `archreview check`: the decision, the new
 * findings, the baseline entries the change fixed, and how many known findings remain.
 */
export const checkMarkdownReporter: CheckReporter = (result, options) => {
  const { report, comparison } = result;
  const reasons = failureReasons(result);
  const parts: string[] = [CHECK_COMMENT_MARKER];
  const title = comparison.added.length ? plural(comparison.added.length, 'new finding') : 'no new findings';
  parts.push(`### archreview: ${title}${comparison.fixed.length ? `, ${comparison.fixed.length} fixed` : ''}`);
  const scope = scopeText(result);
  parts.push(
    [
      reasons.length ? `**Fails:** ${reasons.map(mdText).join('; ')}.` : `**Passes:** ${mdText(result.failOn === 'never' ? 'new findings do not fail this check (--fail-on never)' : `no new findings at or above ${result.failOn}`)}.`,
      `${mdText(checkCounts(result))}. Baseline ${mdCode(result.baselineFile)}${scope ? `; ${mdText(scope)}` : ''}.`,
    ].join('\n\n'),
  );

  if (comparison.added.length) {
    const rows = comparison.added.slice(0, SHOWN).map((f) => `| ${ICON[f.severity]} | ${rule(f.ruleId, options.ruleMeta?.(f.ruleId)?.title)} | ${mdText(f.message)} | ${location(f)} |`);
    parts.push(['#### New findings', '', '| Severity | Rule | Finding | Where |', '| --- | --- | --- | --- |', ...rows, ...more(comparison.added.length)].join('\n'));
  }
  if (comparison.fixed.length) {
    const rows = comparison.fixed.slice(0, SHOWN).map((e) => `| ${rule(e.ruleId)} | ${mdText(e.message)} | ${wasAt(e)} |`);
    const note = result.updated ? `Dropped from ${mdCode(result.baselineFile)}.` : `Drop them from the baseline with ${mdCode('archreview check --update-baseline')} and commit the file.`;
    parts.push(['#### Fixed since the baseline', '', '| Rule | Finding | Was at |', '| --- | --- | --- |', ...rows, ...more(comparison.fixed.length), '', note].join('\n'));
  }
  if (comparison.known.length) {
    parts.push(`<details><summary>${comparison.known.length} known finding${comparison.known.length === 1 ? '' : 's'} the baseline holds</summary>\n\n${knownByRule(comparison.known)}\n\n</details>`);
  }
  const commit = report.generatedFrom.commit ? ` at ${mdCode(report.generatedFrom.commit.slice(0, 12))}` : '';
  parts.push(`<sub>archreview ${mdText(report.tool.version)} · ${mdText(report.root)}${commit}</sub>`);
  return { file: { name: 'check-summary.md', content: `${parts.join('\n\n')}\n` } };
};

function rule(id: string, title?: string): string {
  const uri = ruleHelpUri(id);
  const name = uri ? `[${mdCode(id, true)}](${uri})` : mdCode(id, true);
  return title ? `${name} ${mdText(title)}` : name;
}

function location(f: Finding): string {
  return f.locations[0] ? mdLocation(f.locations[0], true) : '—';
}

function wasAt(e: BaselineEntry): string {
  return e.location ? mdLocation(e.location, true) : '—';
}

function more(total: number): string[] {
  return total > SHOWN ? [`| | | … and ${total - SHOWN} more in ${mdCode('check.json')} (--format json) | |`] : [];
}

function knownByRule(known: readonly Finding[]): string {
  const counts = new Map<string, number>();
  for (const f of known) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
  return [...counts]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([id, n]) => `- ${rule(id)}: ${n}`)
    .join('\n');
}
