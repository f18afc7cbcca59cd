import type { MdContext } from './context.js';
import { mdText } from './escape.js';
import type { Recommendation } from './recommendations.js';
import { VERDICT_TARGET } from './verdict.js';

const STABILISE_ITEMS = new Set(['health checks', 'probes', 'timeouts', 'circuit breakers', 'tracing', 'structured logs']);
/** Finding categories whose fixes bound failures or make them visible. */
const STABILISE_CATEGORIES = /resilien|observab|operation|reliab/i;

/**
 * An order for the work: first what makes failures visible and bounded, then the
 * high-impact fixes, then the change of shape the verdict asks for, then the rest.
 * It only orders the recommendations the Report supports; with no verdict it proposes no target.
 */
export function migrationSection(ctx: MdContext, recs: Recommendation[]): string {
  const out = ['## Migration sequence', ''];
  const number = new Map(recs.map((r, i) => [r, `R${i + 1}`]));
  const used = new Set<Recommendation>();
  const take = (pick: (r: Recommendation) => boolean): Recommendation[] => {
    const list = recs.filter((r) => !used.has(r) && pick(r));
    list.forEach((r) => used.add(r));
    return list;
  };
  const stabilise = take((r) => (r.source === 'checklist' ? STABILISE_ITEMS.has(r.item ?? '') : STABILISE_CATEGORIES.test(r.category ?? '')) && r.impact !== 'low');
  const fix = take((r) => r.impact === 'high');
  const rest = take(() => true);
  const { score } = ctx.index.report;
  const steps: string[] = [];
  if (stabilise.length) steps.push(`**Make failures visible and bounded.** Quick, low-risk changes that every later step relies on: ${refs(stabilise, number)}.`);
  if (fix.length) steps.push(`**Fix the high-impact problems.** ${refs(fix, number)}.`);
  if (score.verdict !== 'unknown') {
    const why = score.reasons.length ? ` The scorecard\u2019s reasons: ${score.reasons.map((r) => mdText(r)).join(' ')}` : '';
    steps.push(`**Change the shape.** ${VERDICT_TARGET[score.verdict]}${why}`);
  }
  if (rest.length) steps.push(`**Then the remaining items**, in order: ${refs(rest, number)}.`);
  if (score.verdict === 'unknown') out.push(VERDICT_TARGET.unknown, '');
  if (!steps.length) {
    out.push('Nothing to sequence: there are no recommendations and no verdict to work towards.');
    return out.join('\n').trimEnd();
  }
  steps.forEach((s, i) => out.push(`${i + 1}. ${s}`));
  return out.join('\n');
}

function refs(recs: Recommendation[], number: Map<Recommendation, string>): string {
  return recs.map((r) => `${number.get(r)} (${r.label})`).join(', ');
}
