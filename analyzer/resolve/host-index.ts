import type { Diagnostic, NetworkServiceFact } from '../types/index.js';
import type { Candidate } from './candidates.js';
import type { PortHint } from './protocol.js';

/** The runtime a value comes from: its DNS decides what a host name means. */
export type Platform = 'docker-compose' | 'kubernetes';

/** What a host name reaches: a workload (through a compose name, alias or Kubernetes Service) or an external name. */
export interface HostTarget {
  candidate?: string;
  externalName?: string;
  via: 'name' | 'alias' | 'k8s-service';
  /** Kubernetes Service ports: port → target port and the port's name/appProtocol. */
  ports?: Map<number, { targetPort?: number | string; hint: PortHint }>;
  service?: NetworkServiceFact;
}

/**
 * Resolves host names the way each runtime's DNS would: compose values through compose
 * service names and aliases; Kubernetes values through Services, then workload names (for
 * Services the repository does not hold). Values of unknown origin try everything.
 */
export class HostIndex {
  private readonly services = new Map<string, HostTarget[]>();
  private readonly names = new Map<Platform, Map<string, HostTarget[]>>([
    ['docker-compose', new Map()],
    ['kubernetes', new Map()],
  ]);

  addName(host: string, target: HostTarget, platform: Platform): void {
    const table = this.names.get(platform)!;
    const key = host.toLowerCase();
    const list = table.get(key) ?? [];
    if (!list.some((t) => t.candidate === target.candidate)) list.push(target);
    table.set(key, list);
  }

  addService(host: string, target: HostTarget): void {
    const key = host.toLowerCase();
    this.services.set(key, [...(this.services.get(key) ?? []), target]);
  }

  lookup(host: string, platform?: Platform): HostTarget[] {
    const key = host.toLowerCase();
    const compose = this.names.get('docker-compose')!.get(key);
    const k8sNames = this.names.get('kubernetes')!.get(key);
    if (platform === 'docker-compose') return compose ?? [];
    if (platform === 'kubernetes') return this.services.get(key) ?? k8sNames ?? [];
    return this.services.get(key) ?? compose ?? k8sNames ?? [];
  }
}

function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  const keys = Object.keys(selector);
  return keys.length > 0 && keys.every((k) => labels[k] === selector[k]);
}

export function platformOf(library: string): Platform | undefined {
  if (library === 'docker-compose') return 'docker-compose';
  if (library === 'kubernetes' || library === 'kustomize' || library === 'helm') return 'kubernetes';
  return undefined;
}

export function buildHostIndex(candidates: Map<string, Candidate>, networkServices: NetworkServiceFact[], diagnostics: Diagnostic[]): HostIndex {
  const index = new HostIndex();
  for (const c of candidates.values()) {
    for (const d of c.declarations) {
      const platform = platformOf(d.library) ?? 'kubernetes';
      index.addName(c.name, { candidate: c.name, via: 'name' }, platform);
      for (const alias of d.aliases) index.addName(alias, { candidate: c.name, via: 'alias' }, platform);
      for (const link of d.links) {
        const [target, alias] = link.split(':');
        if (target && alias && candidates.has(target)) index.addName(alias, { candidate: target, via: 'alias' }, platform);
      }
    }
  }
  for (const svc of networkServices) {
    const ports = new Map(svc.ports.map((p) => [p.port, { targetPort: p.targetPort, hint: { name: p.name, appProtocol: p.appProtocol } }]));
    const hosts = [svc.name, `${svc.name}.${svc.namespace}`, `${svc.name}.${svc.namespace}.svc`, `${svc.name}.${svc.namespace}.svc.cluster.local`];
    if (svc.type === 'ExternalName' && svc.externalName) {
      // An ExternalName that shares its name with a workload elsewhere (a compose container
      // in development, say) is that workload's production address: one logical node.
      const target: HostTarget = candidates.has(svc.name)
        ? { candidate: svc.name, externalName: svc.externalName.toLowerCase(), via: 'k8s-service', ports, service: svc }
        : { externalName: svc.externalName.toLowerCase(), via: 'k8s-service', ports, service: svc };
      for (const host of hosts) index.addService(host, target);
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
