/** Shapes shared by the layout code, the worker and the viewer. Plain data: it crosses the worker boundary and is embedded in report.html. */

export type NodeKind = 'service' | 'gateway' | 'external' | 'datastore' | 'channel' | 'group';
export type EdgeClass = 'sync' | 'async' | 'data' | 'declared';

export interface LayoutNodeInput {
  id: string;
  width: number;
  height: number;
}

export interface LayoutEdgeInput {
  id: string;
  from: string;
  to: string;
  /** Heavier edges are kept shorter and straighter. */
  weight: number;
  /** Rank the edge as if it ran from `to` to `from` (it is still drawn from `from` to `to`). */
  reverse?: boolean;
}

export interface LayoutInput {
  nodes: LayoutNodeInput[];
  edges: LayoutEdgeInput[];
}

/** Positions are node centres; arrays (not records) so untrusted ids never become object keys. */
export interface LayoutResult {
  nodes: [id: string, x: number, y: number][];
  edges: [id: string, points: [number, number][]][];
  width: number;
  height: number;
}

/** The layout archreview embeds in report.html: the result for the view whose key it names. */
export interface EmbeddedLayout {
  version: 1;
  key: string;
  result: LayoutResult;
  /** Nodes in the report, and whether the first view groups them. */
  grouped: boolean;
}
