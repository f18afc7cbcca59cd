import type { Score } from '../../types/index.js';
import type { MdContext } from './context.js';
import { mdText } from './escape.js';
import { formatNumber, someOf, table } from './table.js';
import { VERDICT_LABEL } from './verdict.js';

type Signal = Score['signals'][number];

const SOURCE_LABEL: Record<Signal['source'], string> = {
  measured: 'measured in the repository',
  declared: 'declared in archreview.yaml',
  proxy: 'estimated from a proxy',
  unknown: 'unknown',
};

/** The split-or-stay verdict, its reasons and every signal behind it, with where each came from. */
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
  const unknown = score.signals.filter((s) => s.source === 'unknown');
  if (unknown.length)
    out.push('', `Unknown inputs are not guessed. Declare what only people know (${unknown.map((s) => mdText(s.label.toLowerCase())).join(', ')}) under \`organization\` in archreview.yaml to sharpen the verdict.`);
  return out.join('\n');
}

function value(v: Signal['value']): string {
  if (v === null) return 'unknown';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'number') return formatNumber(v);
  return mdText(v);
}
