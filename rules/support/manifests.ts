import type { Fact, FactOf, Location, Service, ServiceGraph } from '../../analyzer/types/index.js';

import { factsOf } from '../../analyzer/resolve/facts-of.js';

export { factsOf };

/** Services and gateways of the graph (workloads), sorted by id. */
export function workloads(graph: ServiceGraph): Service[] {
  const out: Service[] = [];
  graph.forEachNode((_, attrs) => {
    if (attrs.kind === 'service' || attrs.kind === 'gateway') out.push(attrs.service);
  });
  return out.sort((a, b) => (a.id < b.id ? -1 : 1));
}

const KUBERNETES = new Set(['kubernetes', 'kustomize', 'helm']);
const LONG_RUNNING = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'DeploymentConfig', 'Rollout']);

/** The Kubernetes workload declarations of a service (long-running kinds), matched by where the service is declared. */
export function kubernetesWorkloads(service: Service, facts: readonly Fact[]): FactOf<'manifest-service'>[] {
  const declared = new Set(service.declaredIn.map((l) => `${l.file}:${l.line ?? ''}`));
  return factsOf(facts, 'manifest-service').filter((f) => KUBERNETES.has(f.library) && LONG_RUNNING.has(f.workload) && declared.has(`${f.file}:${f.line ?? ''}`));
}

export function at(fact: { file: string; line?: number }): Location {
  return fact.line ? { file: fact.file, line: fact.line } : { file: fact.file };
}

/** Node ids a manifest workload name stands for: its service, or the datastores of an infrastructure instance. */
export function nodesForWorkload(graph: ServiceGraph, name: string): string[] {
  const out: string[] = [];
  graph.forEachNode((id, attrs) => {
    if ((attrs.kind === 'service' || attrs.kind === 'gateway') && attrs.service.name === name) out.push(id);
    if (attrs.kind === 'datastore' && attrs.datastore.host === name && attrs.datastore.declaredIn.length) out.push(id);
  });
  return out.sort();
}

/** Code-analysed services: their source is TypeScript or JavaScript in this repository. */
export { codeAnalysed } from '../../analyzer/graph/sync-calls.js';
