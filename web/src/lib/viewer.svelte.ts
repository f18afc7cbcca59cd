import type { EdgeKind, Severity } from './report-types.js';
import type { LayoutResult } from '../layout/types.js';
import { visibleGraph, type VisibleGraph } from '../layout/visible-graph.js';
import { endpointKey } from './endpoint-chain.js';
import { DEFAULT_STATE, type UrlState } from './url-state.js';
import { SEVERITY_ORDER, type IndexedFinding, type ViewModel } from './view-model.js';

export interface Highlight {
  nodes: Set<string>;
  edges: Set<string>;
  /** Highlighted edges the chain may take but the Report cannot confirm (drawn fainter). */
  possible?: Set<string>;
  /** What is highlighted, for the status line. */
  reason: string;
}

export interface Badge {
  count: number;
  worst: Severity;
}

/** The viewer's state (runes) and what follows from it: the visible graph, highlights and badges. */
export class Viewer {
  readonly model: ViewModel;
  tab = $state<'graph' | 'report'>('graph');
  node = $state<string | null>(null);
  finding = $state<string | null>(null);
  chain = $state<string | null>(null);
  /** With `chain`: the endpoint whose chain is shown; null for every call of the service. */
  chainEndpoint = $state<string | null>(null);
  query = $state('');
  edges = $state<EdgeKind[]>([...DEFAULT_STATE.edges]);
  severities = $state<Severity[]>([...DEFAULT_STATE.severities]);
  hideInfra = $state(false);
  expanded = $state<string[]>([]);
  /** The layout for `visible`, once known; positions by visible node id. */
  layout = $state.raw<{ key: string; result: LayoutResult } | null>(null);
  layoutBusy = $state(false);
  /** How long the last layout computed in the browser took (0 for the embedded one). */
  layoutMs = $state(0);
  layoutThread = $state<'worker' | 'main' | 'cache'>('cache');

  constructor(model: ViewModel) {
    this.model = model;
  }

  name(id: string): string {
    return this.model.name(id);
  }

  visible: VisibleGraph = $derived.by(() => visibleGraph(this.model.graph, this.model.groups, { hideInfra: this.hideInfra, expanded: new Set(this.expanded) }));

  /** Model edge id → the drawn edge that stands for it. */
  drawnEdgeOf: Map<string, string> = $derived.by(() => {
    const map = new Map<string, string>();
    for (const e of this.visible.edges) for (const m of e.members) map.set(m, e.id);
    return map;
  });

  visibleIds: Set<string> = $derived.by(() => new Set(this.visible.nodes.map((n) => n.id)));

  /** The drawn node that stands for a report node: itself, or its collapsed group. */
  drawnNodeOf(id: string): string | null {
    if (this.visibleIds.has(id)) return id;
    const group = this.model.groupOf.get(id);
    if (group && this.visibleIds.has(group.id)) return group.id;
    return null;
  }

  /** Open findings at the selected severities, worst first. */
  openFindings: IndexedFinding[] = $derived.by(() =>
    this.model.findings
      .filter((f) => !f.finding.suppressed && this.severities.includes(f.finding.severity))
      .sort((a, b) => SEVERITY_ORDER.indexOf(a.finding.severity) - SEVERITY_ORDER.indexOf(b.finding.severity)),
  );

  selectedFinding: IndexedFinding | null = $derived.by(() => (this.finding ? (this.model.findingByKey.get(this.finding) ?? null) : null));

  searchMatches: Set<string> = $derived.by(() => new Set(this.model.search(this.query, 500).map((n) => n.id)));

  highlight: Highlight | null = $derived.by(() => this.computeHighlight());

  badges: Map<string, Badge> = $derived.by(() => {
    const perNode = new Map<string, Set<IndexedFinding>>();
    for (const f of this.openFindings) {
      for (const subject of new Set(f.finding.subjects)) {
        const drawn = this.drawnNodeOf(subject);
        if (!drawn) continue;
        if (!perNode.has(drawn)) perNode.set(drawn, new Set());
        perNode.get(drawn)!.add(f);
      }
    }
    const badges = new Map<string, Badge>();
    for (const [id, set] of perNode) {
      const list = [...set];
      badges.set(id, { count: list.length, worst: SEVERITY_ORDER.find((s) => list.some((f) => f.finding.severity === s))! });
    }
    return badges;
  });

  private computeHighlight(): Highlight | null {
    const nodes = new Set<string>();
    const edges = new Set<string>();
    const addNode = (id: string): void => {
      const drawn = this.drawnNodeOf(id);
      if (drawn) nodes.add(drawn);
    };
    const addEdge = (id: string): void => {
      const drawn = this.drawnEdgeOf.get(id);
      if (drawn) edges.add(drawn);
    };
    const f = this.selectedFinding?.finding;
    if (f) {
      const subjects = [...new Set(f.subjects)].filter((s) => this.model.graph.byId.has(s));
      subjects.forEach(addNode);
      const set = new Set(subjects);
      for (const e of this.model.graph.edges) if (set.has(e.from) && set.has(e.to)) addEdge(e.id);
      for (let i = 1; i < subjects.length; i++) {
        const direct = this.model.graph.edges.some((e) => (e.from === subjects[i - 1] && e.to === subjects[i]) || (e.to === subjects[i - 1] && e.from === subjects[i]));
        if (!direct) for (const id of this.model.pathBetween(subjects[i - 1]!, subjects[i]!)) {
          addEdge(id);
          const edge = this.model.edgesById.get(id);
          if (edge) [edge.from, edge.to].forEach(addNode);
        }
      }
      return { nodes, edges, reason: 'finding' };
    }
    if (this.chain && this.chainEndpoint && this.model.graph.byId.has(this.chain)) {
      const chain = this.model.endpointChain(this.chain, this.chainEndpoint);
      chain.nodes.forEach(addNode);
      chain.direct.forEach(addEdge);
      const direct = new Set(edges);
      for (const id of chain.edges) if (!chain.direct.has(id)) addEdge(id);
      return { nodes, edges, possible: new Set([...edges].filter((id) => !direct.has(id))), reason: 'chain' };
    }
    if (this.chain && this.model.graph.byId.has(this.chain)) {
      const closure = this.model.syncClosure(this.chain);
      closure.nodes.forEach(addNode);
      closure.edges.forEach(addEdge);
      return { nodes, edges, reason: 'chain' };
    }
    if (this.node) {
      addNode(this.node);
      const group = this.model.groups?.find((g) => g.id === this.node);
      const members = new Set(group ? group.members : [this.node]);
      for (const e of this.model.graph.edges) {
        if (members.has(e.from) || members.has(e.to)) {
          addEdge(e.id);
          addNode(e.from);
          addNode(e.to);
        }
      }
      return { nodes, edges, reason: 'selection' };
    }
    if (this.query.trim()) {
      for (const id of this.searchMatches) addNode(id);
      return { nodes, edges, reason: 'search' };
    }
    return null;
  }

  toUrlState(): UrlState {
    return { tab: this.tab, node: this.node, finding: this.finding, chain: this.chain, endpoint: this.chainEndpoint, query: this.query, edges: this.edges, severities: this.severities, hideInfra: this.hideInfra, expanded: this.expanded };
  }

  applyUrlState(state: UrlState): void {
    const known = (id: string | null): string | null => (id && (this.model.graph.byId.has(id) || this.model.groups?.some((g) => g.id === id)) ? id : null);
    this.tab = state.tab;
    this.node = known(state.node);
    this.finding = state.finding && this.model.findingByKey.has(state.finding) ? state.finding : null;
    this.chain = known(state.chain);
    const service = this.chain ? this.model.services.get(this.chain) : undefined;
    this.chainEndpoint = state.endpoint && service?.endpoints.some((e) => endpointKey(e) === state.endpoint) && this.model.callsTagged(service.id) ? state.endpoint : null;
    this.query = state.query;
    this.edges = state.edges;
    this.severities = state.severities;
    this.hideInfra = state.hideInfra;
    this.expanded = state.expanded.filter((id) => this.model.groups?.some((g) => g.id === id));
  }

  select(id: string | null): void {
    this.node = id;
    this.finding = null;
    this.hideChain();
  }

  selectFinding(key: string | null): void {
    this.finding = key;
    this.hideChain();
  }

  /** Highlights the synchronous chain behind one endpoint of a service, or behind all its calls. */
  showChain(id: string, endpoint: string | null = null): void {
    this.chain = id;
    this.chainEndpoint = endpoint;
    this.finding = null;
  }

  hideChain(): void {
    this.chain = null;
    this.chainEndpoint = null;
  }

  toggleGroup(id: string, open?: boolean): void {
    const isOpen = this.expanded.includes(id);
    const want = open ?? !isOpen;
    if (want && !isOpen) this.expanded = [...this.expanded, id];
    if (!want && isOpen) this.expanded = this.expanded.filter((g) => g !== id);
  }

  clear(): void {
    this.node = null;
    this.finding = null;
    this.hideChain();
    this.query = '';
  }
}
