import type { Diagnostic, Fact } from '../types/index.js';
import { DEFAULT_MAX_EXPANSION, ExpansionBudget, expansionDiagnostic } from './interpolate.js';
import { objectName, objectNamespace, objectsFromYaml, QUIET_KINDS, READ_KINDS, WORKLOAD_KINDS, type K8sObject } from './kubernetes-objects.js';
import { workloadFacts, type ConfigSources } from './kubernetes-workload.js';
import type { ReaderContext } from './reader-context.js';
import { asArray, asInt, asString, isRecord, stringRecord } from './yaml-source.js';

/** Reads plain Kubernetes YAML files (those no kustomization or chart owns). */
export function readKubernetesFiles(ctx: ReaderContext, skip: ReadonlySet<string>): { facts: Fact[]; files: string[] } {
  const objects: K8sObject[] = [];
  const files: string[] = [];
  for (const file of ctx.files) {
    if (file.category !== 'yaml' || skip.has(file.path)) continue;
    const text = ctx.read(file.path);
    if (text === null || !/^\s*kind\s*:/m.test(text) || !/^\s*apiVersion\s*:/m.test(text)) continue;
    const found = objectsFromYaml(text, file.path, 'kubernetes', ctx.diagnostics, ctx.config.limits);
    if (found.length) files.push(file.path);
    objects.push(...found);
  }
  return { facts: readKubernetesObjects(objects, ctx.diagnostics, ctx.config.limits), files };
}

/** Facts from Kubernetes objects: workloads, Services, Ingress and HTTPRoute routes, HPAs. */
export function readKubernetesObjects(objects: K8sObject[], diagnostics: Diagnostic[], limits?: { maxExpansionBytes?: number }): Fact[] {
  const sources = collectConfig(objects);
  const facts: Fact[] = [];
  // One budget per file for `$(VAR)` expansion (limits.maxExpansionBytes).
  const maxExpansion = limits?.maxExpansionBytes ?? DEFAULT_MAX_EXPANSION;
  const budgets = new Map<string, ExpansionBudget>();
  const budgetOf = (file: string): ExpansionBudget => {
    let budget = budgets.get(file);
    if (!budget) budgets.set(file, (budget = new ExpansionBudget(maxExpansion, () => diagnostics.push(expansionDiagnostic(file, maxExpansion)))));
    return budget;
  };
  const unknown = new Map<string, { file: string; line?: number; kinds: Set<string> }>();
  for (const obj of objects) {
    const kind = String(obj.value.kind);
    if (WORKLOAD_KINDS.has(kind)) facts.push(...workloadFacts(obj, sources, diagnostics, budgetOf(obj.file)));
    else if (kind === 'Service') facts.push(...serviceFacts(obj, diagnostics));
    else if (kind === 'Ingress') facts.push(...ingressFacts(obj));
    else if (kind === 'HTTPRoute' || kind === 'GRPCRoute') facts.push(...httpRouteFacts(obj));
    else if (kind === 'HorizontalPodAutoscaler') facts.push(...hpaFacts(obj));
    else if (!READ_KINDS.has(kind) && !QUIET_KINDS.has(kind)) {
      const entry = unknown.get(obj.file) ?? { file: obj.file, line: obj.lineAt(['kind']), kinds: new Set<string>() };
      entry.kinds.add(kind);
      unknown.set(obj.file, entry);
    }
  }
  for (const entry of unknown.values()) {
    const kinds = [...entry.kinds].sort();
    diagnostics.push({ level: 'info', code: 'unknown-kind', file: entry.file, line: entry.line, message: `not read: kind${kinds.length > 1 ? 's' : ''} ${kinds.join(', ')}` });
  }
  return facts;
}

function collectConfig(objects: K8sObject[]): ConfigSources {
  const sources: ConfigSources = { configMaps: new Map(), secrets: new Map() };
  for (const obj of objects) {
    const name = objectName(obj);
    if (!name) continue;
    const key = `${objectNamespace(obj)}/${name}`;
    if (obj.value.kind === 'ConfigMap') {
      const data = new Map<string, string>();
      const lines = new Map<string, number | undefined>();
      const raw = isRecord(obj.value.data) ? obj.value.data : {};
      for (const k of Object.keys(raw)) {
        const v = asString(raw[k]);
        if (v === undefined) continue;
        data.set(k, v);
        lines.set(k, obj.lineAt(['data', k]));
      }
      sources.configMaps.set(key, { data, file: obj.file, lines });
    } else if (obj.value.kind === 'Secret') {
      const keys = new Set<string>();
      for (const field of ['data', 'stringData']) {
        const raw = obj.value[field];
        if (isRecord(raw)) Object.keys(raw).forEach((k) => keys.add(k));
      }
      sources.secrets.set(key, { keys: [...keys].sort() });
    }
  }
  return sources;
}

function serviceFacts(obj: K8sObject, diagnostics: Diagnostic[]): Fact[] {
  const name = objectName(obj);
  if (!name) return [];
  const spec = isRecord(obj.value.spec) ? obj.value.spec : {};
  const ports = asArray(spec.ports).flatMap((p) => {
    if (!isRecord(p)) return [];
    const port = asInt(p.port);
    if (port === undefined) {
      diagnostics.push({ level: 'warning', code: 'k8s-invalid', file: obj.file, line: obj.lineAt(['spec', 'ports']), message: `Service "${name}" has a port without a number` });
      return [];
    }
    const targetPort = asInt(p.targetPort) ?? asString(p.targetPort);
    return [{ port, targetPort, name: asString(p.name), appProtocol: asString(p.appProtocol) }];
  });
  return [
    {
      kind: 'network-service',
      file: obj.file,
      line: obj.lineAt(['metadata', 'name']),
      library: obj.library,
      name,
      namespace: objectNamespace(obj),
      type: asString(spec.type) ?? 'ClusterIP',
      selector: stringRecord(spec.selector),
      externalName: asString(spec.externalName),
      ports,
    },
  ];
}

function ingressFacts(obj: K8sObject): Fact[] {
  const name = objectName(obj);
  if (!name) return [];
  const namespace = objectNamespace(obj);
  const spec = isRecord(obj.value.spec) ? obj.value.spec : {};
  const facts: Fact[] = [];
  const push = (backend: unknown, line: number | undefined, host?: string, path?: string): void => {
    if (!isRecord(backend)) return;
    const svc = isRecord(backend.service) ? backend.service : undefined;
    const target = svc ? asString(svc.name) : asString(backend.serviceName);
    if (!target) return;
    const portSpec = svc && isRecord(svc.port) ? svc.port : undefined;
    const port = portSpec ? (asInt(portSpec.number) ?? asString(portSpec.name)) : (asInt(backend.servicePort) ?? asString(backend.servicePort));
    const grpc = /grpc/i.test(Object.values(stringRecord(isRecord(obj.value.metadata) ? obj.value.metadata.annotations : {})).join(' '));
    facts.push({ kind: 'route', file: obj.file, line, library: obj.library, gateway: name, gatewayKind: 'ingress', namespace, host, path, target, port, protocol: grpc ? 'grpc' : 'http' });
  };
  push(spec.defaultBackend ?? spec.backend, obj.lineAt(['spec', spec.defaultBackend ? 'defaultBackend' : 'backend']));
  asArray(spec.rules).forEach((rule, r) => {
    if (!isRecord(rule)) return;
    const http = isRecord(rule.http) ? rule.http : {};
    asArray(http.paths).forEach((p, i) => {
      if (isRecord(p)) push(p.backend, obj.lineAt(['spec', 'rules', r, 'http', 'paths', i]), asString(rule.host), asString(p.path));
    });
  });
  return facts;
}

function httpRouteFacts(obj: K8sObject): Fact[] {
  const name = objectName(obj);
  if (!name) return [];
  const spec = isRecord(obj.value.spec) ? obj.value.spec : {};
  const hosts = asArray(spec.hostnames).map((h) => asString(h)).filter((h): h is string => !!h);
  const facts: Fact[] = [];
  asArray(spec.rules).forEach((rule, r) => {
    if (!isRecord(rule)) return;
    const match = asArray(rule.matches).find(isRecord);
    const path = match && isRecord(match.path) ? asString(match.path.value) : undefined;
    asArray(rule.backendRefs).forEach((ref, i) => {
      if (!isRecord(ref) || (ref.kind !== undefined && ref.kind !== 'Service')) return;
      const target = asString(ref.name);
      if (!target) return;
      facts.push({
        kind: 'route', file: obj.file, line: obj.lineAt(['spec', 'rules', r, 'backendRefs', i]), library: obj.library, gateway: name,
        gatewayKind: 'ingress', namespace: objectNamespace(obj), host: hosts[0], path, target, port: asInt(ref.port),
        protocol: obj.value.kind === 'GRPCRoute' ? 'grpc' : 'http',
      });
    });
  });
  return facts;
}

function hpaFacts(obj: K8sObject): Fact[] {
  const name = objectName(obj);
  const spec = isRecord(obj.value.spec) ? obj.value.spec : {};
  const ref = isRecord(spec.scaleTargetRef) ? spec.scaleTargetRef : {};
  const target = asString(ref.name);
  const max = asInt(spec.maxReplicas);
  if (!name || !target || max === undefined) return [];
  return [
    {
      kind: 'autoscaler', file: obj.file, line: obj.lineAt(['spec', 'scaleTargetRef']), library: obj.library, name,
      namespace: objectNamespace(obj), target, targetKind: asString(ref.kind) ?? 'Deployment', min: asInt(spec.minReplicas) ?? 1, max,
    },
  ];
}
