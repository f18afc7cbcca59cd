import type { Diagnostic, NetworkServiceFact } from '../types/index.js';
import type { Candidate } from './candidates.js';
import type { PortHint } from './protocol.js';

/** What a host name reaches: a workload (through a compose name, alias or Kubernetes Service) or an external name. */
export interface HostTarget {
  candidate?: string;
  externalName?: string;
  via: 'name' | 'alias' | 'k8s-service';
  /** Kubernetes Service ports: port → target port and the port's name/appProtocol. */
  ports?: Map<number, { targetPort?: number | string; hint: PortHint }>;
  service?: NetworkServiceFact;
}

/** Resolves host names the way the runtime's DNS would: Kubernetes Services first, then compose names and aliases. */
export class HostIndex {
  private readonly services = new Map<string, HostTarget[]>();
  private readonly names = new Map<string, HostTarget[]>();

  addName(host: string, target: HostTarget): void {
    const key = host.toLowerCase();
    const list = this.names.get(key) ?? [];
    if (!list.some((t) => t.candidate === target.candidate)) list.push(target);
    this.names.set(key, list);
  }

  addService(host: string, target: HostTarget): void {
    const key = host.toLowerCase();
    this.services.set(key, [...(this.services.get(key) ?? []), target]);
  }

  lookup(host: string): HostTarget[] {
    const key = host.toLowerCase();
    return this.services.get(key) ?? this.names.get(key) ?? [];
  }
}

function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  const keys = Object.keys(selector);
  return keys.length > 0 && keys.every((k) => labels[k] === selector[k]);
}

export function buildHostIndex(candidates: Map<string, Candidate>, networkServices: NetworkServiceFact[], diagnostics: Diagnostic[]): HostIndex {
  const index = new HostIndex();
  for (const c of candidates.values()) {
    index.addName(c.name, { candidate: c.name, via: 'name' });
    for (const d of c.declarations) {
      for (const alias of d.aliases) index.addName(alias, { candidate: c.name, via: 'alias' });
      for (const link of d.links) {
        const [target, alias] = link.split(':');
        if (target && alias && candidates.has(target)) index.addName(alias, { candidate: target, via: 'alias' });
      }
    }
  }
  for (const svc of networkServices) {
    const ports = new Map(svc.ports.map((p) => [p.port, { targetPort: p.targetPort, hint: { name: p.name, appProtocol: p.appProtocol } }]));
    const hosts = [svc.name, `${svc.name}.${svc.namespace}`, `${svc.name}.${svc.namespace}.svc`, `${svc.name}.${svc.namespace}.svc.cluster.local`];
    if (svc.type === 'ExternalName' && svc.externalName) {
      for (const host of hosts) index.addService(host, { externalName: svc.externalName.toLowerCase(), via: 'k8s-service', ports, service: svc });
      continue;
    }
    const selected = [...candidates.values()].filter((c) =>
      c.declarations.some((d) => d.library !== 'docker-compose' && (d.namespace ?? 'default') === svc.namespace && selects(svc.selector, d.podLabels)),
    );
    if (!selected.length) {
      diagnostics.push({ level: 'info', code: 'k8s-service-selects-nothing', file: svc.file, line: svc.line, message: `Service "${svc.name}" selects no workload in the repository` });
      continue;
    }
    for (const c of selected) for (const host of hosts) index.addService(host, { candidate: c.name, via: 'k8s-service', ports, service: svc });
  }
  return index;
}
