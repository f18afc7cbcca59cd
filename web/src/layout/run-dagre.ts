import dagre from '@dagrejs/dagre';
import type { LayoutInput, LayoutResult } from './types.js';

/** Layered layout; entry points first, datastores and channels after their users. */
export const LAYOUT_OPTIONS = { nodesep: 28, ranksep: 64, edgesep: 14, marginx: 24, marginy: 24, ranker: 'network-simplex', acyclicer: 'greedy' } as const;

/** The viewport the first view is judged against: the graph canvas of a laptop-sized window. */
const NOMINAL_VIEWPORT = { width: 900, height: 780 };
/** Up to this many nodes both directions are tried and the one that shows nodes larger wins. */
const TRY_BOTH_MAX = 80;

export function runDagre(input: LayoutInput): LayoutResult {
  const down = layoutOnce(input, 'TB');
  if (input.nodes.length > TRY_BOTH_MAX) return down;
  const across = layoutOnce(input, 'LR');
  return scale(across) > scale(down) * 1.1 ? across : down;
}

function scale(result: LayoutResult): number {
  return Math.min(NOMINAL_VIEWPORT.width / Math.max(1, result.width), NOMINAL_VIEWPORT.height / Math.max(1, result.height));
}

function layoutOnce(input: LayoutInput, rankdir: 'TB' | 'LR'): LayoutResult {
  const g = new dagre.graphlib.Graph({ multigraph: true, directed: true });
  g.setGraph({ ...LAYOUT_OPTIONS, rankdir, ...(rankdir === 'LR' ? { nodesep: 18, ranksep: 80 } : {}) });
  g.setDefaultEdgeLabel(() => ({}));
  const ids = new Set<string>();
  for (const n of input.nodes) {
    ids.add(n.id);
    g.setNode(n.id, { width: n.width, height: n.height });
  }
  for (const e of input.edges) if (ids.has(e.from) && ids.has(e.to)) g.setEdge(e.reverse ? e.to : e.from, e.reverse ? e.from : e.to, { weight: e.weight, minlen: 1 }, e.id);
  dagre.layout(g);
  const graph = g.graph();
  const round = (n: number): number => Math.round(n * 10) / 10;
  return {
    nodes: input.nodes.map((n) => {
      const label = g.node(n.id);
      return [n.id, round(label.x ?? 0), round(label.y ?? 0)];
    }),
    edges: input.edges
      .filter((e) => ids.has(e.from) && ids.has(e.to))
      .map((e) => {
        const points = (g.edge(e.reverse ? { v: e.to, w: e.from, name: e.id } : { v: e.from, w: e.to, name: e.id })?.points ?? []).map((p: { x: number; y: number }) => [round(p.x), round(p.y)] as [number, number]);
        return [e.id, e.reverse ? points.reverse() : points];
      }),
    width: round(graph.width ?? 0),
    height: round(graph.height ?? 0),
  };
}
