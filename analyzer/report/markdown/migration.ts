import type { MdContext } from './context.js';
import { mdText } from './escape.js';
import { basisText, recommendationLabel } from './recommendations.js';
import { VERDICT_TARGET } from './verdict.js';

/** The Report's migration sequence: each step with its recommendations and the evidence behind them. */
export function migrationSection(ctx: MdContext): string {
  const { score } = ctx.index.report;
  const out = ['## Migration sequence', ''];
  out.push(score.verdict === 'unknown' ? VERDICT_TARGET.unknown : `Target: ${VERDICT_TARGET[score.verdict]}`, '');
  if (!score.migration.length) {
    out.push('Nothing to sequence: there are no recommendations and no verdict to work towards.');
    return out.join('\n').trimEnd();
  }
  const byId = new Map(score.recommendations.map((r) => [r.id, r]));
  for (const step of score.migration) {
    const recs = step.recommendations.map((id) => {
      const r = byId.get(id);
      return r ? `${mdText(id)} (${recommendationLabel(ctx, r)})` : mdText(id);
    });
    const evidence = step.evidence.length ? ` Evidence: ${basisText(ctx, step.evidence, 8)}.` : '';
    out.push(`${step.step}. **${mdText(step.title)}.** ${mdText(step.action)} Recommendations: ${recs.join(', ')}.${evidence}`);
  }
  return out.join('\n');
}
