import type { Diagnostic, Fact, FactOf, Location, ManifestEnvFact, ManifestServiceFact } from '../types/index.js';

/** Everything the manifests say about one named workload, before it is classified. */
export interface Candidate {
  name: string;
  namespaces: string[];
  declarations: ManifestServiceFact[];
  /** Environment by variable name; later sources override earlier ones per location list. */
  env: Map<string, ManifestEnvFact[]>;
  probes: FactOf<'probe'>[];
  resources: FactOf<'resources'>[];
  autoscalers: FactOf<'autoscaler'>[];
}

export function locationOf(fact: { file: string; line?: number }): Location {
  return fact.line ? { file: fact.file, line: fact.line } : { file: fact.file };
}

/**
 * Groups manifest facts by workload name. A compose service and a Kubernetes workload
 * with the same name are one service; so are copies of a workload in several namespaces.
 */
export function collectCandidates(facts: readonly Fact[], diagnostics: Diagnostic[]): Map<string, Candidate> {
  const candidates = new Map<string, Candidate>();
  const get = (name: string): Candidate => {
    let c = candidates.get(name);
    if (!c) {
      c = { name, namespaces: [], declarations: [], env: new Map(), probes: [], resources: [], autoscalers: [] };
      candidates.set(name, c);
    }
    return c;
  };
  for (const fact of facts) {
    if (fact.kind !== 'manifest-service') continue;
    const c = get(fact.name);
    c.declarations.push(fact);
    if (fact.namespace && !c.namespaces.includes(fact.namespace)) c.namespaces.push(fact.namespace);
  }
  for (const fact of facts) {
    switch (fact.kind) {
      case 'manifest-env': {
        const c = candidates.get(fact.service);
        if (!c) continue;
        c.env.set(fact.name, [...(c.env.get(fact.name) ?? []), fact]);
        break;
      }
      case 'probe':
        candidates.get(fact.service)?.probes.push(fact);
        break;
      case 'resources':
        candidates.get(fact.service)?.resources.push(fact);
        break;
      case 'autoscaler': {
        const c = candidates.get(fact.target);
        if (c) c.autoscalers.push(fact);
        else diagnostics.push({ level: 'info', code: 'k8s-dangling-reference', file: fact.file, line: fact.line, message: `HorizontalPodAutoscaler "${fact.name}" targets ${fact.targetKind} "${fact.target}", which is not in the repository` });
        break;
      }
      default:
        break;
    }
  }
  for (const c of candidates.values()) {
    c.namespaces.sort();
    if (c.namespaces.length > 1) {
      const first = c.declarations[0]!;
      diagnostics.push({ level: 'info', code: 'merged-namespaces', file: first.file, line: first.line, message: `workload "${c.name}" is declared in namespaces ${c.namespaces.join(', ')}; shown as one service` });
    }
  }
  return candidates;
}
