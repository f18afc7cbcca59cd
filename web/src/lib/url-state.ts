import type { EdgeKind, Severity } from './report-types.js';

export const EDGE_KINDS: EdgeKind[] = ['http', 'grpc', 'publishes', 'consumes', 'reads', 'writes', 'connects', 'depends-on'];
export const SEVERITIES: Severity[] = ['error', 'warn', 'info'];

/** The part of the viewer's state that a shared link carries. */
export interface UrlState {
  tab: 'graph' | 'report';
  node: string | null;
  finding: string | null;
  chain: string | null;
  /** The endpoint (`METHOD /path`) of `chain` whose chain is shown; null for the whole service. */
  endpoint: string | null;
  query: string;
  edges: EdgeKind[];
  severities: Severity[];
  hideInfra: boolean;
  expanded: string[];
}

export const DEFAULT_STATE: UrlState = { tab: 'graph', node: null, finding: null, chain: null, endpoint: null, query: '', edges: EDGE_KINDS, severities: SEVERITIES, hideInfra: false, expanded: [] };

/** `#node=service%3Aorders&edges=http,grpc&infra=hide`: only what differs from the default. */
export function toHash(state: UrlState): string {
  const p = new URLSearchParams();
  if (state.tab !== 'graph') p.set('tab', state.tab);
  if (state.node) p.set('node', state.node);
  if (state.finding) p.set('finding', state.finding);
  if (state.chain) p.set('chain', state.chain);
  if (state.chain && state.endpoint) p.set('ep', state.endpoint);
  if (state.query) p.set('q', state.query);
  if (state.edges.length !== EDGE_KINDS.length) p.set('edges', state.edges.join(',') || 'none');
  if (state.severities.length !== SEVERITIES.length) p.set('sev', state.severities.join(',') || 'none');
  if (state.hideInfra) p.set('infra', 'hide');
  if (state.expanded.length) p.set('open', state.expanded.join(','));
  const text = p.toString();
  return text ? `#${text}` : '';
}

export function fromHash(hash: string): UrlState {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const list = <T extends string>(name: string, allowed: readonly T[]): T[] => {
    const value = p.get(name);
    if (value === null) return [...allowed];
    return allowed.filter((a) => value.split(',').includes(a));
  };
  return {
    tab: p.get('tab') === 'report' ? 'report' : 'graph',
    node: p.get('node'),
    finding: p.get('finding'),
    chain: p.get('chain'),
    endpoint: p.get('ep')?.slice(0, 500) ?? null,
    query: (p.get('q') ?? '').slice(0, 200),
    edges: list('edges', EDGE_KINDS),
    severities: list('sev', SEVERITIES),
    hideInfra: p.get('infra') === 'hide',
    expanded: (p.get('open') ?? '').split(',').filter(Boolean),
  };
}
