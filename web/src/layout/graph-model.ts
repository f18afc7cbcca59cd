import type { Report } from '../../../analyzer/types/report.js';

type Edge = Report['edges'][number];
import type { EdgeClass, NodeKind } from './types.js';

export interface ModelNode {
  id: string;
  kind: Exclude<NodeKind, 'group'>;
  name: string;
  /** Second line of the node card: language and size, engine, channel kind. */
  subtitle: string;
  namespace: string | null;
  thirdParty: boolean;
  /** Datastores, channels and third-party images: hidden by "hide infrastructure". */
  infra: boolean;
  width: number;
  height: number;
}

export interface ModelEdge {
  id: string;
  from: string;
  to: string;
  kind: Edge['kind'];
  cls: EdgeClass;
}

export interface GraphModel {
  nodes: ModelNode[];
  byId: Map<string, ModelNode>;
  edges: ModelEdge[];
}

export const EDGE_CLASS: Record<Edge['kind'], EdgeClass> = {
  http: 'sync',
  grpc: 'sync',
  publishes: 'async',
  consumes: 'async',
  reads: 'data',
  writes: 'data',
  connects: 'data',
  'depends-on': 'declared',
};

export const NODE_HEIGHT = 48;
/** Average advance of a node's name (600 13px) and subtitle (11px): DejaVu Sans, the widest common system-ui, so labels fit everywhere. */
export const NAME_CHAR = 8.2;
export const SUBTITLE_CHAR = 6.3;

/** Width of a node card from its text, so labels rarely need truncating; the same numbers in the CLI and the browser. */
export function nodeWidth(name: string, subtitle: string): number {
  const text = Math.max(Math.min([...name].length, 30) * NAME_CHAR, Math.min([...subtitle].length, 34) * SUBTITLE_CHAR);
  return Math.round(Math.min(310, Math.max(132, 56 + text)));
}

export function buildModel(report: Report): GraphModel {
  const nodes: ModelNode[] = [];
  const add = (node: Omit<ModelNode, 'width' | 'height'>): void => {
    nodes.push({ ...node, width: nodeWidth(node.name, node.subtitle), height: NODE_HEIGHT });
  };
  for (const s of report.services) {
    const size = s.loc ? `${s.loc >= 1000 ? `${(s.loc / 1000).toFixed(1)}k` : s.loc} LOC` : '';
    const subtitle =
      s.kind === 'external' ? 'external API' : s.kind === 'gateway' ? ['gateway', s.language].filter(Boolean).join(' \u00b7 ') : s.thirdParty ? `image ${s.image ?? ''}`.trim() : [s.language ?? 'service', size].filter(Boolean).join(' \u00b7 ');
    add({ id: s.id, kind: s.kind, name: s.name, subtitle, namespace: s.namespace, thirdParty: s.thirdParty, infra: s.kind === 'service' && s.thirdParty });
  }
  for (const d of report.datastores) {
    const name = d.database && !d.name.endsWith(`/${d.database}`) ? `${d.name}/${d.database}` : d.name;
    add({ id: d.id, kind: 'datastore', name, subtitle: `${d.kind} \u00b7 ${d.role}`, namespace: null, thirdParty: true, infra: true });
  }
  for (const c of report.channels) add({ id: c.id, kind: 'channel', name: c.name, subtitle: c.kind, namespace: null, thirdParty: true, infra: true });
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const edges = report.edges.filter((e) => byId.has(e.from) && byId.has(e.to)).map((e) => ({ id: e.id, from: e.from, to: e.to, kind: e.kind, cls: EDGE_CLASS[e.kind] }));
  return { nodes, byId, edges };
}
