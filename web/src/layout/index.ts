import type { Report } from '../../../analyzer/types/report.js';
import { buildModel } from './graph-model.js';
import { computeGroups, GROUP_THRESHOLD } from './groups.js';
import { runDagre } from './run-dagre.js';
import type { EmbeddedLayout } from './types.js';
import { layoutInput, visibleGraph } from './visible-graph.js';

export { buildModel, type GraphModel, type ModelEdge, type ModelNode } from './graph-model.js';
export { computeGroups, GROUP_THRESHOLD, type NodeGroup } from './groups.js';
export { runDagre } from './run-dagre.js';
export type { EmbeddedLayout, LayoutInput, LayoutResult } from './types.js';
export { layoutInput, visibleGraph, type VisibleEdge, type VisibleGraph, type VisibleNode, type VisibleState } from './visible-graph.js';

/**
 * The layout of the first view, computed once when report.html is written so the browser
 * draws at once: everything for small graphs, collapsed groups for large ones.
 * The CLI calls this through the built `dist/web/layout.js`.
 */
export function prepareLayout(report: Report): EmbeddedLayout {
  const model = buildModel(report);
  const grouped = model.nodes.length > GROUP_THRESHOLD;
  const groups = grouped ? computeGroups(model) : null;
  const graph = visibleGraph(model, groups, { hideInfra: false, expanded: new Set() });
  return { version: 1, key: graph.key, grouped, result: runDagre(layoutInput(graph)) };
}
