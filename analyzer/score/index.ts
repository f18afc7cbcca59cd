import type { Config } from '../config/schema.js';
import type { CodeLinks, Fact, Finding, GitHistory, ModuleGraph, Score, ServiceGraph } from '../types/index.js';
import { deployChecklist, sortChecklist } from './checklist.js';
import { codeChecklist } from './code-checklist.js';
import { evaluateHeuristics, LARGE_LOC } from './heuristics.js';
import { summarizeHistory } from './history-signals.js';
import { buildMigration } from './migration.js';
import { analyzeModules, type ModuleScope } from './modules.js';
import { buildRecommendations, type RuleLookup } from './recommendations.js';
import { collectSignals } from './signals.js';
import { systemView, type SystemView } from './system-view.js';
import { decideVerdict } from './verdict.js';

export type { RuleInfo, RuleLookup } from './recommendations.js';

export interface ScoreInput {
  graph: ServiceGraph;
  facts: readonly Fact[];
  config: Config;
  /** Findings of the rules; suppressed ones are not acted on. */
  findings?: readonly Finding[];
  /** Git history read by the extract stage; null when there is none. */
  history?: GitHistory | null;
  /** The code's import graph from the resolve stage. */
  modules?: ModuleGraph | null;
  /** Rule titles and fixes for the recommendations. */
  rule?: RuleLookup;
  /** Code evidence linked to services: the checklist items the code answers come from it. */
  links?: CodeLinks;
}

/**
 * The score section: signals (measured, declared, from git history), the split-or-stay
 * heuristics as rows, module clusters of one-deployable systems and large services, the
 * verdict with its reasons and candidates, the production checklist, prioritized
 * recommendations and the migration sequence.
 */
export function scoreSystem(input: ScoreInput): Score {
  const { graph, facts, config } = input;
  const view = systemView(graph, facts);
  const history = input.history ? summarizeHistory(input.history, view.own.map((s) => s.name), view.serviceOf, config.history.windowDays) : null;
  const modules = input.modules ? moduleScopes(view, input.modules).map((scope) => analyzeModules(input.modules!, scope)) : [];
  const signals = collectSignals(graph, config, view, history);
  const heuristics = evaluateHeuristics({ config, view, history, modules });
  const verdict = decideVerdict({ heuristics, view, history, modules });
  const checklist = sortChecklist([...deployChecklist(graph, facts), ...codeChecklist(graph, input.links)]);
  const recommendations = buildRecommendations({ graph, findings: input.findings ?? [], checklist, verdict, heuristics, modules, rule: input.rule ?? (() => undefined) });
  return {
    verdict: verdict.verdict,
    confidence: verdict.confidence,
    reasons: verdict.reasons,
    unknowns: verdict.unknowns,
    signals,
    heuristics,
    candidates: verdict.candidates,
    history,
    modules,
    checklist,
    recommendations,
    migration: buildMigration(recommendations, verdict.verdict, verdict.candidates),
  };
}

/**
 * Where to look for bounded contexts inside a deployable: the whole repository when no
 * manifest declares a service, the one service when there is one, and every service over
 * LARGE_LOC lines.
 */
function moduleScopes(view: SystemView, graph: ModuleGraph): ModuleScope[] {
  if (!graph.files.length) return [];
  const all = new Set(graph.files.map((f) => f.file));
  if (!view.own.length) return [{ service: null, files: all }];
  const filesOf = (name: string): Set<string> => new Set(graph.files.filter((f) => view.serviceOf(f.file) === name).map((f) => f.file));
  const scopes: ModuleScope[] = [];
  for (const s of view.own) {
    if (view.own.length === 1) scopes.push({ service: s.name, files: s.path === null ? all : filesOf(s.name) });
    else if ((s.loc ?? 0) > LARGE_LOC && s.path !== null) scopes.push({ service: s.name, files: filesOf(s.name) });
  }
  return scopes;
}

