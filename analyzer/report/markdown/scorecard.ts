import type { Heuristic, Score } from '../../types/index.js';
import type { MdContext } from './context.js';
import { mdText } from './escape.js';
import { formatNumber, plural, someOf, table } from './table.js';
import { VERDICT_LABEL } from './verdict.js';

type Signal = Score['signals'][number];

const SOURCE_LABEL: Record<Signal['source'], string> = {
  measured: 'measured in the repository',
  declared: 'declared in archreview.yaml',
  proxy: 'estimated from a proxy',
  unknown: 'unknown',
};

const GROUPS: [Heuristic['group'], string][] = [
  ['against-split', 'Against a split: microservices are usually the wrong choice when these hold'],
  ['for-split', 'For a split: two of these mean plan an extraction, three or more mean it is overdue'],
  ['decision-matrix', 'The split matrix: each yes is a reason to split'],
  ['size', 'Service size'],
  ['coupling', 'What changes and fails together'],
];

const COUPLING_MAX = 15;
/** Signals people declare under `organization` in archreview.yaml. */
const DECLARABLE = new Set(['engineers', 'teams', 'requests-per-day', 'product-market-fit', 'platform-team', 'compliance-scopes']);

/** The split-or-stay verdict, its reasons, every heuristic with its input and evidence, the candidates and the signals. */
export function scorecardSection(ctx: MdContext): string {
  const { score } = ctx.index.report;
  const out: string[] = ['## Split-or-stay scorecard', ''];
  if (score.verdict === 'unknown') out.push('**No verdict.** archreview did not decide whether this system should split, stay or merge.');
  else out.push(`**Verdict: ${VERDICT_LABEL[score.verdict]}** (confidence: ${score.confidence}).`);
  out.push('');
  if (score.reasons.length) {
    out.push(score.verdict === 'unknown' ? 'Notes:' : 'Because:', '');
    for (const reason of score.reasons) out.push(`- ${mdText(reason)}`);
  } else {
    out.push('The Report gives no reasons for the verdict.');
  }
  if (score.candidates.length) out.push('', candidatesPart(score));
  if (score.heuristics.length) out.push('', heuristicsPart(score));
  if (score.history) out.push('', historyPart(score.history));
  for (const analysis of score.modules) out.push('', modulesPart(analysis));
  out.push('', '### Signals', '');
  if (!score.signals.length) {
    out.push('The Report holds no signals.');
    return out.join('\n');
  }
  out.push(
    table(
      ['Signal', 'Value', 'Source', 'Evidence'],
      score.signals.map((s) => [mdText(s.label), value(s.value), SOURCE_LABEL[s.source], someOf(s.evidence.map((e) => mdText(ctx.index.nodes.has(e) ? ctx.index.name(e) : e)), 6) || '\u2014']),
    ),
  );
  const unknown = score.signals.filter((s) => s.source === 'unknown' && DECLARABLE.has(s.id));
  if (unknown.length)
    out.push('', `Unknown inputs are not guessed. Declare what only people know (${unknown.map((s) => mdText(s.label.toLowerCase())).join(', ')}) under \`organization\` in archreview.yaml to sharpen the verdict.`);
  return out.join('\n');
}

function candidatesPart(score: Score): string {
  const out = ['### Candidates', ''];
  out.push(
    table(
      ['Rank', 'Action', 'Candidate', 'Where', 'Measures', 'Why'],
      score.candidates.map((c) => [
        String(c.rank),
        c.kind === 'merge' ? 'merge' : 'extract',
        mdText(c.name),
        someOf((c.kind === 'merge' ? c.members : [...(c.service ? [`in ${c.service}`] : []), ...c.members]).map(mdText), 6),
        Object.entries(c.metrics)
          .map(([k, v]) => `${mdText(k)} ${formatNumber(v)}`)
          .join(', '),
        c.reasons.map(mdText).join('; '),
      ]),
      ['r', 'l', 'l', 'l', 'l', 'l'],
    ),
  );
  return out.join('\n');
}

function heuristicsPart(score: Score): string {
  const out = ['### Heuristics', '', 'Each heuristic with the input it was decided on and where that input came from. *Holds* is unknown when its input is.'];
  for (const [group, title] of GROUPS) {
    const rows = score.heuristics.filter((h) => h.group === group);
    if (!rows.length) continue;
    const holding = rows.filter((h) => h.holds === true).length;
    out.push('', `**${title}** (${holding} of ${rows.length} hold${holding === 1 ? 's' : ''})`, '');
    out.push(
      table(
        ['Heuristic', 'Input', 'Source', 'Holds', 'Evidence'],
        rows.map((h) => [mdText(h.label), value(h.input), SOURCE_LABEL[h.source], h.holds === null ? '? unknown' : h.holds ? '\u2714 yes' : '\u2718 no', someOf(h.evidence.map(mdText), 4) || '\u2014']),
      ),
    );
  }
  return out.join('\n');
}

function historyPart(history: NonNullable<Score['history']>): string {
  const out = ['### Change history', ''];
  out.push(
    `From ${plural(history.commitsRead, 'commit')} of git history${history.bounded ? ' (the newest ones only)' : ''}${history.shallow ? ', a shallow clone' : ''}. ` +
      `Recent means the ${history.windowDays} days before the last commit (${mdText(history.headDate)}), not before the day of the review: ${plural(history.activeAuthors, 'author')} ${history.activeAuthors === 1 ? 'was' : 'were'} active then. ` +
      (history.releases.perWeek === null ? 'The repository has no tags, so the release cadence is unknown.' : `${plural(history.releases.inWindow, 'tag')} in that time: ${history.releases.perWeek} a week.`),
  );
  if (history.services.length) {
    out.push('');
    out.push(
      table(
        ['Service', 'Commits read', 'Recent commits', 'Per week', 'Recent authors'],
        history.services.map((s) => [mdText(s.service), String(s.revisions), String(s.commitsInWindow), String(s.commitsPerWeek), someOf(s.authors.map(mdText), 4) || 'none']),
        ['l', 'r', 'r', 'r', 'l'],
      ),
    );
  }
  out.push('');
  if (!history.coupling.length) out.push(`No two services changed together in two or more commits${history.couplingSkipped ? ` (${plural(history.couplingSkipped, 'sweeping commit')} that changed more than half of the services, or over 100 files, left out)` : ''}.`);
  else {
    out.push(`Change coupling: how often two services change in the same commit. Confidence is the share of one service\u2019s commits that also changed the other; degree is shared commits over the mean of both.${history.couplingSkipped ? ` ${plural(history.couplingSkipped, 'sweeping commit')} left out.` : ''}`, '');
    out.push(
      table(
        ['Services', 'Shared commits', 'Confidence', 'Degree', 'Strong'],
        history.coupling.slice(0, COUPLING_MAX).map((c) => [`${mdText(c.a)} + ${mdText(c.b)}`, String(c.support), `${pct(c.confidenceAB)} of ${mdText(c.a)}, ${pct(c.confidenceBA)} of ${mdText(c.b)}`, String(c.degree), c.strong ? 'yes' : 'no']),
        ['l', 'r', 'l', 'r', 'l'],
      ),
    );
    if (history.coupling.length > COUPLING_MAX) out.push('', `${plural(history.coupling.length - COUPLING_MAX, 'more pair')} in archreview.json.`);
  }
  return out.join('\n');
}

function modulesPart(analysis: Score['modules'][number]): string {
  const out = [`### Module clusters of ${analysis.service ? mdText(analysis.service) : 'the repository'}`, ''];
  if (!analysis.clusters.length) {
    out.push(analysis.notes.map(mdText).join(' ') || 'Not clustered.');
    return out.join('\n');
  }
  out.push(`Louvain over ${plural(analysis.files, 'file')} and ${plural(analysis.imports, 'import')} found ${plural(analysis.clusters.length, 'cluster')} (modularity ${analysis.modularity}). Cohesion is the share of a cluster\u2019s imports that stay inside it.`, '');
  out.push(
    table(
      ['Cluster', 'Role', 'Folders', 'Files', 'Lines', 'Cohesion', 'Imports in', 'Imports out', 'Shared tables'],
      analysis.clusters.map((c) => [
        `${mdText(c.name)}`,
        c.role,
        someOf(c.folders.map(mdText), 3),
        String(c.files),
        formatNumber(c.loc),
        String(c.cohesion),
        String(c.importsIn),
        String(c.importsOut),
        analysis.tablesMeasured ? someOf(c.sharedTables.map(mdText), 4) || 'none' : 'not measured',
      ]),
      ['l', 'l', 'l', 'r', 'r', 'r', 'r', 'r', 'l'],
    ),
  );
  if (analysis.notes.length) out.push('', analysis.notes.map((n) => mdText(`${n.charAt(0).toUpperCase()}${n.slice(1)}.`)).join(' '));
  return out.join('\n');
}

function pct(n: number): string {
  return `${Math.round(n * 100)}%`;
}

function value(v: Signal['value']): string {
  if (v === null) return 'unknown';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'number') return formatNumber(v);
  return mdText(v);
}
