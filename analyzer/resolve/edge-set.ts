import type { Edge, EdgeKind, Location } from '../types/index.js';

/** Collects edges; the same (from, to, kind) seen twice becomes one edge with both locations. */
export class EdgeSet {
  private readonly edges = new Map<string, Edge>();
  private readonly byPair = new Map<string, Edge[]>();

  add(edge: {
    from: string;
    to: string;
    kind: EdgeKind;
    protocol?: string | null;
    protocolFrom?: Edge['protocolFrom'];
    database?: string | null;
    via: string;
    declared?: boolean;
    observed?: boolean;
    endpoints?: string[];
    location?: Location;
  }): Edge | null {
    if (edge.from === edge.to) return null;
    const id = `${edge.from}->${edge.to}:${edge.kind}`;
    let current = this.edges.get(id);
    if (!current) {
      current = {
        id,
        from: edge.from,
        to: edge.to,
        kind: edge.kind,
        protocol: edge.protocol ?? null,
        protocolFrom: edge.protocolFrom ?? null,
        database: edge.database ?? null,
        via: [],
        declared: false,
        observed: false,
        endpoints: [],
        locations: [],
      };
      this.edges.set(id, current);
      const pair = `${edge.from}->${edge.to}`;
      this.byPair.set(pair, [...(this.byPair.get(pair) ?? []), current]);
    } else if (current.protocolFrom === 'default' && edge.protocolFrom && edge.protocolFrom !== 'default') {
      current.protocol = edge.protocol ?? current.protocol;
      current.protocolFrom = edge.protocolFrom;
    }
    if (!current.via.includes(edge.via)) current.via.push(edge.via);
    current.declared ||= edge.declared ?? true;
    current.observed ||= edge.observed ?? false;
    const endpoints = (current.endpoints ??= []);
    for (const endpoint of edge.endpoints ?? []) if (!endpoints.includes(endpoint)) endpoints.push(endpoint);
    if (edge.location && !current.locations.some((l) => l.file === edge.location!.file && l.line === edge.location!.line)) {
      current.locations.push(edge.location);
    }
    return current;
  }

  has(from: string, to: string): boolean {
    return this.byPair.has(`${from}->${to}`);
  }

  /** Adds a location and a `via` to every existing edge from → to; false when there is none. */
  annotate(from: string, to: string, via: string, location?: Location): boolean {
    const edges = this.byPair.get(`${from}->${to}`) ?? [];
    for (const e of edges) {
      if (!e.via.includes(via)) e.via.push(via);
      if (location && !e.locations.some((l) => l.file === location.file && l.line === location.line)) e.locations.push(location);
    }
    return edges.length > 0;
  }

  list(): Edge[] {
    return [...this.edges.values()];
  }
}
