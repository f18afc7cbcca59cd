import type { GraphModel, ModelEdge } from './graph-model.js';
import { nodeWidth } from './graph-model.js';
import type { NodeGroup } from './groups.js';
import type { EdgeClass, LayoutInput } from './types.js';

export interface VisibleState {
  hideInfra: boolean;
  /** Ids of expanded groups; ignored when the graph is not grouped. */
  expanded: ReadonlySet<string>;
}

export interface VisibleNode {
  id: string;
  /** Set for a collapsed group. */
  group?: NodeGroup;
  width: number;
  height: number;
}

/** One drawn edge: the model edges between two visible nodes in one class, merged. */
export interface VisibleEdge {
  id: string;
  from: string;
  to: string;
  cls: EdgeClass;
  kinds: ModelEdge['kind'][];
  members: string[];
}

export interface VisibleGraph {
  nodes: VisibleNode[];
  edges: VisibleEdge[];
  key: string;
}

export const GROUP_HEIGHT = 58;
const WEIGHT: Record<EdgeClass, number> = { sync: 3, async: 2, data: 1, declared: 1 };
const CLASS_RANK: Record<EdgeClass, number> = { sync: 0, async: 1, data: 2, declared: 3 };

/** What the graph shows for a view state: hidden nodes dropped, collapsed groups standing in for their members, edges merged. */
export function visibleGraph(model: GraphModel, groups: NodeGroup[] | null, state: VisibleState): VisibleGraph {
  const groupOf = new Map<string, NodeGroup>();
  for (const g of groups ?? []) for (const m of g.members) groupOf.set(m, g);
  const shown = (id: string): boolean => !(state.hideInfra && model.byId.get(id)?.infra);
  const rep = (id: string): string => {
    const g = groupOf.get(id);
    return g && !state.expanded.has(g.id) ? g.id : id;
  };
  const nodes = new Map<string, VisibleNode>();
  for (const n of model.nodes) {
    if (!shown(n.id)) continue;
    const r = rep(n.id);
    if (nodes.has(r)) continue;
    const g = r === n.id ? undefined : groupOf.get(n.id)!;
    nodes.set(r, g ? { id: g.id, group: g, width: nodeWidth(g.label, `${g.members.length} nodes`) + 16, height: GROUP_HEIGHT } : { id: n.id, width: n.width, height: n.height });
  }
  const edges = new Map<string, VisibleEdge>();
  for (const e of model.edges) {
    if (!shown(e.from) || !shown(e.to)) continue;
    const from = rep(e.from);
    const to = rep(e.to);
    if (from === to && from !== e.from) continue;
    // Between groups one arrow per pair is enough: it takes the strongest class of the links it stands for.
    const grouped = from !== e.from || to !== e.to;
    const id = JSON.stringify(grouped ? [from, to] : [from, to, e.cls]);
    const edge = edges.get(id) ?? { id, from, to, cls: e.cls, kinds: [], members: [] };
    if (CLASS_RANK[e.cls] < CLASS_RANK[edge.cls]) edge.cls = e.cls;
    if (!edge.kinds.includes(e.kind)) edge.kinds.push(e.kind);
    edge.members.push(e.id);
    edges.set(id, edge);
  }
  const nodeList = [...nodes.values()];
  const edgeList = [...edges.values()];
  for (const e of edgeList) e.kinds.sort();
  return { nodes: nodeList, edges: edgeList, key: layoutKey(nodeList, edgeList) };
}

export function layoutInput(graph: VisibleGraph): LayoutInput {
  return {
    nodes: graph.nodes.map((n) => ({ id: n.id, width: n.width, height: n.height })),
    // A channel is ranked after its consumers as well as its publishers, as a datastore is after its users:
    // otherwise every hop through a broker pushes the consumer, and all it calls, one rank further away.
    edges: graph.edges.map((e) => ({ id: e.id, from: e.from, to: e.to, weight: WEIGHT[e.cls], ...(e.kinds.every((k) => k === 'consumes') ? { reverse: true } : {}) })),
  };
}

/** A short stable key for the set of nodes, their sizes and the edges between them. */
function layoutKey(nodes: VisibleNode[], edges: { id: string }[]): string {
  const text = [...nodes.map((n) => `${n.id}\u0001${n.width}\u0001${n.height}`).sort(), '\u0002', ...edges.map((e) => e.id).sort()].join('\u0003');
  return `${fnv(text, 0x811c9dc5)}${fnv(text, 0x01000193)}-${nodes.length}-${edges.length}`;
}

function fnv(text: string, seed: number): string {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
