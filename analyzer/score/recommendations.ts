import { CHECKLIST_ITEMS, type Finding, type Heuristic, type ModuleAnalysis, type Recommendation, type Score, type ServiceGraph } from '../types/index.js';
import { compare } from './system-view.js';
import type { VerdictResult } from './verdict.js';

/** What the score stage knows of a rule: its title and fix (from the rules registry). */
export interface RuleInfo {
  title?: string;
  fix?: string;
  category?: string;
}
export type RuleLookup = (id: string) => RuleInfo | undefined;

type Impact = Recommendation['impact'];
type Effort = Recommendation['effort'];
type Draft = Omit<Recommendation, 'id'>;

const IMPACT_RANK: Record<Impact, number> = { high: 0, medium: 1, low: 2 };
const EFFORT_RANK: Record<Effort, number> = { small: 0, medium: 1, large: 2 };
const IMPACT_OF: Record<Finding['severity'], Impact> = { error: 'high', warn: 'medium', info: 'low' };
/** Findings about data ownership and coupling change boundaries: never a one-line fix. */
const STRUCTURAL = /data|coupling|boundar|structur|architect/i;


/** Checklist items' impact, effort and action, shared with the report. */
const CHECKLIST = new Map(CHECKLIST_ITEMS);

/** Inputs people declare under `organization`, in the order archreview.yaml lists them. */
const DECLARED_INPUTS = ['engineers', 'teams', 'requests per day', 'product-market fit', 'platform team', 'compliance scopes'];

export interface RecommendationInput {
  graph: ServiceGraph;
  findings: readonly Finding[];
  checklist: Score['checklist'];
  verdict: VerdictResult;
  heuristics: Heuristic[];
  modules: ModuleAnalysis[];
  rule: RuleLookup;
}

/**
 * Prioritized actions: one per rule with open findings, one per failing checklist item, and
 * the changes of shape the verdict asks for (merge, fold, extract, split data first, declare
 * the unknown inputs). Impact follows the worst severity (or the item's weight, or the
 * verdict); effort the breadth of the change; risk what can break while doing it.
 * Ordered by impact, then effort, then how many services it touches.
 */
export function buildRecommendations(input: RecommendationInput): Recommendation[] {
  const drafts: Draft[] = [...fromFindings(input), ...fromChecklist(input.checklist), ...fromScorecard(input)];
  drafts.sort((a, b) => IMPACT_RANK[a.impact] - IMPACT_RANK[b.impact] || EFFORT_RANK[a.effort] - EFFORT_RANK[b.effort] || b.where.length - a.where.length || compare(a.action, b.action));
  return drafts.map((d, i) => ({ id: `R${i + 1}`, ...d }));
}

function fromFindings(input: RecommendationInput): Draft[] {
  const byRule = new Map<string, Finding[]>();
  for (const f of input.findings) if (!f.suppressed) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
  const nameOf = (id: string): string | null => {
    if (!input.graph.hasNode(id)) return null;
    const a = input.graph.getNodeAttributes(id);
    return a.kind === 'service' || a.kind === 'gateway' || a.kind === 'external' ? a.service.name : null;
  };
  return [...byRule].map(([ruleId, findings]) => {
    const meta = input.rule(ruleId);
    const category = meta?.category ?? findings[0]!.category;
    const where = [...new Set(findings.flatMap((f) => f.subjects).map(nameOf).filter((n): n is string => n !== null))].sort(compare);
    const places = new Set(findings.flatMap((f) => f.locations.map((l) => `${l.file}:${l.line ?? ''}`))).size || findings.length;
    const impact = findings.reduce<Impact>((w, f) => (IMPACT_RANK[IMPACT_OF[f.severity]] < IMPACT_RANK[w] ? IMPACT_OF[f.severity] : w), 'low');
    const effort = atLeast(breadth(Math.max(places, where.length)), STRUCTURAL.test(category) ? 'medium' : 'small');
    return {
      action: meta?.title && meta.fix ? `${meta.title}: ${meta.fix}` : `Resolve ${ruleId} (${findings.length} finding${findings.length === 1 ? '' : 's'})`,
      impact,
      effort,
      risk: /data/i.test(category) ? 'high' : STRUCTURAL.test(category) ? 'medium' : 'low',
      where,
      basis: findings.map((f) => `finding:${f.fingerprint}`),
      source: 'finding',
      kind: /data/i.test(category) ? 'data' : 'fix',
      ruleId,
      category,
    } satisfies Draft;
  });
}

function fromChecklist(rows: Score['checklist']): Draft[] {
  const failing = rows.filter((r) => r.status === 'fail');
  const items = [...new Set(failing.map((r) => r.item))].sort(compare);
  return items.map((item) => {
    const services = [...new Set(failing.filter((r) => r.item === item).map((r) => r.service))].sort(compare);
    const info = CHECKLIST.get(item);
    return {
      action: info?.action ?? `Make the \u201c${item}\u201d check pass`,
      impact: info?.impact ?? 'medium',
      effort: info && services.length <= 3 ? info.effort : breadth(services.length),
      risk: 'low',
      where: services,
      basis: [`checklist:${item}`],
      source: 'checklist',
      kind: 'fix',
      item,
    } satisfies Draft;
  });
}

function fromScorecard(input: RecommendationInput): Draft[] {
  const { verdict } = input;
  const out: Draft[] = [];
  const holding = (...ids: string[]): string[] => input.heuristics.filter((h) => ids.includes(h.id) && h.holds).map((h) => `heuristic:${h.id}`);
  for (const c of verdict.candidates) {
    if (c.kind === 'merge') {
      out.push({
        action: `Merge ${c.members.join(', ')} into one service: move their code into one deployable with a module each, then merge their datastores and replace the calls between them with in-process calls`,
        impact: 'high',
        effort: c.members.length > 2 ? 'large' : 'medium',
        risk: 'medium',
        where: c.members,
        basis: [`candidate:${c.name}`, ...holding('change-coupling', 'sync-cycles', 'shared-data', 'tiny-services')],
        source: 'scorecard',
        kind: 'shape',
      });
    } else {
      const where = c.service ? [c.service] : [];
      if (c.metrics.sharedTables) {
        out.push({
          action: `Give ${c.name} its own tables before extracting it: its ${c.metrics.sharedTables} shared table${c.metrics.sharedTables === 1 ? '' : 's'} get one owner, and the other modules reach them through that owner's interface`,
          impact: 'high',
          effort: 'medium',
          risk: 'high',
          where,
          basis: [`candidate:${c.name}`, ...holding('shared-data')],
          source: 'scorecard',
          kind: 'data',
        });
      }
      out.push({
        action: `Extract ${c.name} (${c.members.join(', ')}) as a service of its own: put an interface in front of it inside the deployable first, route callers through it, then move it out`,
        impact: 'high',
        effort: 'large',
        risk: 'high',
        where,
        basis: [`candidate:${c.name}`, ...input.heuristics.filter((h) => h.id.startsWith('module-clusters') && h.holds).map((h) => `heuristic:${h.id}`), ...holding('team-autonomy', 'scaling-profiles', 'compliance-scopes', 'platform-team')],
        source: 'scorecard',
        kind: 'shape',
      });
    }
  }
  if (verdict.verdict === 'modular-monolith' && !verdict.candidates.length) {
    out.push({
      action: 'Fold the services into one deployable with a module per service, one pair at a time, starting with the pair that shares data or calls each other most',
      impact: 'high',
      effort: 'large',
      risk: 'medium',
      where: [],
      basis: holding('small-team', 'low-traffic', 'shared-data', 'no-platform', 'pre-pmf'),
      source: 'scorecard',
      kind: 'shape',
    });
  }
  if (verdict.verdict === 'stay-monolith') {
    const clear = input.heuristics.filter((h) => h.id.startsWith('module-clusters') && h.holds);
    if (clear.length)
      out.push({
        action: 'Make the module clusters explicit boundaries inside the deployable: one folder and one public entry point per cluster, and a check that fails the build on imports across them',
        impact: 'medium',
        effort: 'medium',
        risk: 'low',
        where: input.modules.map((m) => m.service).filter((s): s is string => s !== null),
        basis: clear.map((h) => `heuristic:${h.id}`),
        source: 'scorecard',
        kind: 'shape',
      });
  }
  const unknown = input.heuristics.filter((h) => (h.group === 'against-split' || h.group === 'for-split') && h.source === 'unknown');
  if (unknown.length) {
    out.push({
      action: `Declare what only people know under organization in archreview.yaml (${DECLARED_INPUTS.filter((u) => verdict.unknowns.includes(u)).join(', ') || 'the unknown inputs'}) and run the review again: the verdict rests on them`,
      impact: 'medium',
      effort: 'small',
      risk: 'low',
      where: [],
      basis: unknown.map((h) => `heuristic:${h.id}`),
      source: 'scorecard',
      kind: 'inputs',
    });
  }
  return out;
}

function atLeast(effort: Effort, floor: Effort): Effort {
  return EFFORT_RANK[effort] >= EFFORT_RANK[floor] ? effort : floor;
}

function breadth(n: number): Effort {
  return n <= 2 ? 'small' : n <= 6 ? 'medium' : 'large';
}

