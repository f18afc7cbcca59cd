import type { Diagnostic, Finding, Report, Score, ServiceGraph } from '../types/index.js';
import { SCHEMA_VERSION } from '../types/index.js';

export interface ReportInput {
  graph: ServiceGraph;
  findings: Finding[];
  score: Score;
  diagnostics: Diagnostic[];
  root: string;
  commit: string | null;
  manifests: string[];
  sourceFiles: number;
  version: string;
}

/** Serialises the graph and the analysis into the Report JSON contract, every array in a stable order. */
export function buildReport(input: ReportInput): Report {
  const { graph } = input;
  const services: Report['services'] = [];
  const datastores: Report['datastores'] = [];
  const channels: Report['channels'] = [];
  graph.forEachNode((_, attrs) => {
    if (attrs.kind === 'datastore') datastores.push(attrs.datastore);
    else if (attrs.kind === 'channel') channels.push(attrs.channel);
    else services.push(attrs.service);
  });
  const edges = graph.mapEdges((_, attrs) => attrs);
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'archreview', version: input.version },
    root: input.root,
    generatedFrom: { commit: input.commit, manifests: input.manifests, sourceFiles: input.sourceFiles },
    services: services.sort(byId),
    datastores: datastores.sort(byId),
    channels: channels.sort(byId),
    edges: edges.sort(byId),
    findings: [...input.findings].sort(compareFindings),
    score: input.score,
    diagnostics: sortDiagnostics(input.diagnostics),
  };
}

function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function compareFindings(a: Finding, b: Finding): number {
  const fa = a.locations[0];
  const fb = b.locations[0];
  return cmp(a.ruleId, b.ruleId) || cmp(fa?.file ?? '', fb?.file ?? '') || (fa?.line ?? 0) - (fb?.line ?? 0) || cmp(a.fingerprint, b.fingerprint);
}

/** Sorted by file, line, code and message; exact duplicates dropped. */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return [...diagnostics]
    .sort((a, b) => cmp(a.file ?? '', b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || cmp(a.code, b.code) || cmp(a.message, b.message))
    .filter((d) => {
      const key = `${d.file}|${d.line}|${d.code}|${d.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
