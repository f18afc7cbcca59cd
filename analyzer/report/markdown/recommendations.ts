import type { Recommendation } from '../../types/index.js';
import type { MdContext } from './context.js';
import { mdCode, mdText } from './escape.js';
import { someOf, table } from './table.js';

/** A short escaped name for a recommendation, for references from the migration sequence. */
export function recommendationLabel(ctx: MdContext, r: Recommendation): string {
  if (r.ruleId) {
    const title = ctx.rule(r.ruleId).title;
    return title ? mdText(title) : mdCode(r.ruleId);
  }
  if (r.item) return mdText(r.item);
  const candidate = r.basis.find((b) => b.startsWith('candidate:'));
  if (r.kind === 'inputs') return 'declare the unknown inputs';
  if (candidate) return `${r.kind === 'data' ? 'own tables for' : r.action.startsWith('Merge') ? 'merge' : 'extract'} ${mdText(candidate.slice('candidate:'.length))}`;
  const head = r.action.split(/[,:]/)[0] ?? r.action;
  return mdText(`${head.charAt(0).toLowerCase()}${head.slice(1)}`);
}

/** What a recommendation rests on, escaped: findings as F-numbers, checklist items, heuristics and candidates by name. */
export function basisText(ctx: MdContext, basis: readonly string[], max = 6): string {
  const byFingerprint = new Map(ctx.index.open.map((f) => [f.fingerprint, f]));
  const labels = new Map(ctx.index.report.score.heuristics.map((h) => [h.id, h.label]));
  const words = basis.map((b) => {
    const colon = b.indexOf(':');
    const kind = colon > 0 ? b.slice(0, colon) : '';
    const value = b.slice(colon + 1);
    if (kind === 'finding') {
      const f = byFingerprint.get(value);
      return f ? `${ctx.ref(f)} ${f.severity === 'warn' ? 'warning' : f.severity}` : 'a finding no longer open';
    }
    if (kind === 'checklist') return `checklist: ${mdText(value)}`;
    if (kind === 'heuristic') {
      const label = labels.get(value) ?? value;
      return `scorecard: ${mdText(`${label.charAt(0).toLowerCase()}${label.slice(1)}`)}`;
    }
    if (kind === 'candidate') return `candidate ${mdText(value)}`;
    return mdText(b);
  });
  return someOf([...new Set(words)], max);
}

/** The Report's recommendations, most impact for least effort first. */
export function recommendationsSection(ctx: MdContext): string {
  const { score } = ctx.index.report;
  const recs = score.recommendations;
  const out = ['## Prioritized recommendations', ''];
  if (!recs.length) {
    const pending = ctx.index.open.length || score.checklist.some((r) => r.status === 'fail');
    out.push(
      pending
        ? 'This Report holds no recommendations although it has open findings or failing checks: it was written by an archreview version that did not record them. Run the review again to get them.'
        : 'No recommendations: there are no open findings and no failing checklist items to act on.',
    );
    return out.join('\n');
  }
  out.push(
    'From the open findings, the failing checklist items and the scorecard, ordered by impact, then effort. Impact follows the worst severity involved (or the weight of the check, or the verdict); effort is how many places and services the change touches (one or two: small; up to six: medium; more: large), at least medium for data ownership and coupling; risk is what can break while making the change.',
    '',
  );
  out.push(
    table(
      ['#', 'Recommendation', 'Impact', 'Effort', 'Risk', 'Where', 'Based on'],
      recs.map((r) => [mdText(r.id), mdText(r.action), r.impact, r.effort, r.risk, someOf(r.where.map(mdText), 6) || '\u2014', basisText(ctx, r.basis)]),
      ['r', 'l', 'l', 'l', 'l', 'l', 'l'],
    ),
  );
  return out.join('\n');
}
