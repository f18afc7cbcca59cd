import { MultiDirectedGraph } from 'graphology';
import { describe, expect, it } from 'vitest';
import { CHECKLIST_ITEMS, type ServiceGraph } from '../types/index.js';
import { buildRecommendations } from './recommendations.js';

describe('recommendations from the checklist', () => {
  it('give every known failing item the action, impact and effort of the shared checklist table', () => {
    const checklist = CHECKLIST_ITEMS.map(([item]) => ({ service: 'orders', item, status: 'fail' as const, evidence: 'none' }));
    const recommendations = buildRecommendations({
      graph: new MultiDirectedGraph() as unknown as ServiceGraph,
      findings: [],
      checklist,
      verdict: { verdict: 'unknown', confidence: 'low', reasons: [], candidates: [], unknowns: [] },
      heuristics: [],
      modules: [],
      rule: () => undefined,
    }).filter((r) => r.source === 'checklist');
    expect(recommendations.map((r) => [r.item, r.action, r.impact, r.effort]).sort()).toEqual(
      CHECKLIST_ITEMS.map(([item, info]) => [item, info.action, info.impact, info.effort]).sort(),
    );
  });
});
