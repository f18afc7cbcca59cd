import type { Severity } from './report-types.js';
import type { EdgeClass } from '../layout/types.js';

/** One palette for the graph, the legend, the panels and the printed report. */
export const SEVERITY_COLOR: Record<Severity, string> = { error: '#c5221f', warn: '#b45309', info: '#1967d2' };
export const SEVERITY_LABEL: Record<Severity, string> = { error: 'Error', warn: 'Warning', info: 'Info' };

export type KindStyle = { stroke: string; fill: string; label: string };

export const KIND_STYLE: Record<string, KindStyle> = {
  service: { stroke: '#3367d6', fill: '#f4f8ff', label: 'Service' },
  thirdParty: { stroke: '#80868b', fill: '#f8f9fa', label: 'Third-party image' },
  gateway: { stroke: '#188038', fill: '#f2faf4', label: 'Gateway' },
  external: { stroke: '#5f6368', fill: '#ffffff', label: 'External API' },
  datastore: { stroke: '#b06000', fill: '#fff8e6', label: 'Datastore' },
  channel: { stroke: '#8430ce', fill: '#faf4ff', label: 'Channel' },
  group: { stroke: '#3c4043', fill: '#f1f3f4', label: 'Group' },
};

export const EDGE_STYLE: Record<EdgeClass, { stroke: string; dash: string; label: string; width: number }> = {
  sync: { stroke: '#5f6368', dash: '', label: 'Synchronous call (HTTP, gRPC)', width: 1.6 },
  async: { stroke: '#8430ce', dash: '7 5', label: 'Through a broker (publish, consume)', width: 1.6 },
  data: { stroke: '#b06000', dash: '1.5 4', label: 'Datastore access (read, write, connect)', width: 1.8 },
  declared: { stroke: '#aeb4bb', dash: '10 3 2 3', label: 'Start-up order only (depends_on)', width: 1.2 },
};
