import type { Config } from '../config/schema.js';
import type { Fact, Score, ServiceGraph } from '../types/index.js';
import { deployChecklist } from './checklist.js';
import { collectSignals } from './signals.js';

/** The score section: measured and declared signals and the production checklist. */
export function scoreSystem(graph: ServiceGraph, facts: readonly Fact[], config: Config): Score {
  const signals = collectSignals(graph, config);
  const unknown = signals.filter((s) => s.source === 'unknown').map((s) => s.label.toLowerCase());
  return {
    verdict: 'unknown',
    confidence: 'low',
    reasons: [
      'The split-or-stay verdict is not computed by this version; the signals and checklist below are measured from the repository.',
      ...(unknown.length ? [`Unknown inputs: ${unknown.join(', ')}.`] : []),
    ],
    signals,
    checklist: deployChecklist(graph, facts),
  };
}
