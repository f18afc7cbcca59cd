import type { Finding } from '../../types/index.js';
import { compareStrings } from '../report-index.js';
import { SEVERITY_LABEL, type MdContext } from './context.js';
import { mdCode, mdText } from './escape.js';
import { checklistColumns, checklistItemInfo } from './checklist-items.js';
import { plural, someOf, table } from './table.js';

export type Impact = 'high' | 'medium' | 'low';
export type Effort = 'small' | 'medium' | 'large';

export interface Recommendation {
  /** Escaped Markdown. */
  action: string;
  /** A short escaped name for references: the rule's title or id, or the checklist item. */
  label: string;
  impact: Impact;
  effort: Effort;
  /** Escaped service names. */
  where: string[];
  /** Escaped Markdown: the findings or checklist item it comes from. */
  basis: string;
  source: 'finding' | 'checklist';
  /** For checklist recommendations, the item. */
  item?: string;
  /** For finding recommendations, the findings' category. */
  category?: string;
}

const IMPACT_RANK: Record<Impact, number> = { high: 0, medium: 1, low: 2 };
const EFFORT_RANK: Record<Effort, number> = { small: 0, medium: 1, large: 2 };
const IMPACT_OF: Record<Finding['severity'], Impact> = { error: 'high', warn: 'medium', info: 'low' };

/**
 * Recommendations derived from the Report: one per rule with open findings and one per
 * failing checklist item. Impact follows the worst severity (or the item's weight);
 * effort is the rule's own estimate when it states one, otherwise the breadth of the change.
 */
export function deriveRecommendations(ctx: MdContext): Recommendation[] {
  const recs: Recommendation[] = [];
  const byRule = new Map<string, Finding[]>();
  for (const f of ctx.categories.flatMap((c) => c.findings)) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
  for (const [ruleId, findings] of byRule) {
    const meta = ctx.rule(ruleId);
    const subjects = [...new Set(findings.flatMap((f) => f.subjects))].filter((id) => ctx.index.nodes.get(id)?.kind !== 'datastore' && ctx.index.nodes.get(id)?.kind !== 'channel');
    const places = new Set(findings.flatMap((f) => f.locations.map((l) => `${l.file}:${l.line ?? ''}`))).size || findings.length;
    const worst = findings.reduce((w, f) => (IMPACT_RANK[IMPACT_OF[f.severity]] < IMPACT_RANK[w] ? IMPACT_OF[f.severity] : w), 'low' as Impact);
    const name = meta.title ? mdText(meta.title) : mdCode(ruleId, true);
    recs.push({
      action: meta.fix ? `${name}: ${mdText(meta.fix)}` : `Resolve ${name} (${plural(findings.length, 'finding')})`,
      label: name,
      impact: worst,
      effort: meta.effort ?? atLeast(breadth(places, subjects.length), STRUCTURAL.test(findings[0]!.category) ? 'medium' : 'small'),
      where: names(ctx, subjects),
      basis: someOf(findings.map((f) => `${ctx.ref(f)} ${SEVERITY_LABEL[f.severity].toLowerCase()}`), 6),
      source: 'finding',
      category: findings[0]!.category,
    });
  }
  const failing = ctx.index.report.score.checklist.filter((r) => r.status === 'fail');
  for (const item of checklistColumns(failing.map((r) => r.item))) {
    const services = [...new Set(failing.filter((r) => r.item === item).map((r) => r.service))].sort(compareStrings);
    const info = checklistItemInfo(item);
    recs.push({
      action: info ? info.action : `Make the \u201c${mdText(item)}\u201d check pass`,
      label: mdText(item),
      impact: info?.impact ?? 'medium',
      effort: info && services.length <= 3 ? info.effort : breadth(services.length, services.length),
      where: services.map(mdText),
      basis: `checklist: ${mdText(item)}`,
      source: 'checklist',
      item,
    });
  }
  return recs.sort(
    (a, b) =>
      IMPACT_RANK[a.impact] - IMPACT_RANK[b.impact] ||
      EFFORT_RANK[a.effort] - EFFORT_RANK[b.effort] ||
      b.where.length - a.where.length ||
      compareStrings(a.action, b.action),
  );
}

/** Findings about data ownership and coupling change boundaries, never a one-line fix. */
const STRUCTURAL = /data|coupling|boundar|structur|architect/i;

function atLeast(effort: Effort, floor: Effort): Effort {
  return EFFORT_RANK[effort] >= EFFORT_RANK[floor] ? effort : floor;
}

function breadth(places: number, services: number): Effort {
  const n = Math.max(places, services);
  return n <= 2 ? 'small' : n <= 6 ? 'medium' : 'large';
}

function names(ctx: MdContext, ids: string[]): string[] {
  return ids.map((id) => ctx.index.name(id)).sort(compareStrings).map(mdText);
}

/** The table of recommendations, most impact for least effort first. */
export function recommendationsSection(recs: Recommendation[]): string {
  const out = ['## Prioritized recommendations', ''];
  if (!recs.length) {
    out.push('No recommendations: there are no open findings and no failing checklist items to act on.');
    return out.join('\n');
  }
  out.push(
    'Derived from the open findings and the failing checklist items, ordered by impact, then effort. Impact follows the worst severity involved; effort is the rule\u2019s own estimate where it gives one, otherwise how many places and services the change touches (one or two: small; up to six: medium; more: large), and at least medium for findings about data ownership or coupling.',
    '',
  );
  out.push(
    table(
      ['#', 'Recommendation', 'Impact', 'Effort', 'Where', 'Based on'],
      recs.map((r, i) => [`R${i + 1}`, r.action, r.impact, r.effort, someOf(r.where, 6) || '\u2014', r.basis]),
      ['r', 'l', 'l', 'l', 'l', 'l'],
    ),
  );
  return out.join('\n');
}
