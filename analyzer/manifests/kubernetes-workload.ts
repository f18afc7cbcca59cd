import type { ContainerPort, Diagnostic, Fact, ManifestEnvFact } from '../types/index.js';
import type { ExpansionBudget } from './interpolate.js';
import { expandDependentVars } from './kubernetes-env.js';
import { objectName, objectNamespace, type K8sObject } from './kubernetes-objects.js';
import { asArray, asInt, asString, isRecord, stringRecord, type YamlPath } from './yaml-source.js';

/** ConfigMaps and Secrets of the repository, by `namespace/name`. Secret entries hold key names only. */
export interface ConfigSources {
  configMaps: Map<string, { data: Map<string, string>; file: string; lines: Map<string, number | undefined> }>;
  secrets: Map<string, { keys: string[] }>;
}

const PROBES = [
  ['livenessProbe', 'liveness'],
  ['readinessProbe', 'readiness'],
  ['startupProbe', 'startup'],
] as const;

/** Pod spec location inside each workload kind. */
function podSpecPath(kind: string): YamlPath {
  if (kind === 'Pod') return ['spec'];
  if (kind === 'CronJob') return ['spec', 'jobTemplate', 'spec', 'template', 'spec'];
  return ['spec', 'template', 'spec'];
}

function getIn(value: unknown, path: YamlPath): unknown {
  let cur = value;
  for (const key of path) {
    if (Array.isArray(cur) && typeof key === 'number') cur = cur[key];
    else if (isRecord(cur) && typeof key === 'string') cur = cur[key];
    else return undefined;
  }
  return cur;
}

/** Facts of one workload: the service itself, each container's env, probes and resources. */
export function workloadFacts(obj: K8sObject, sources: ConfigSources, diagnostics: Diagnostic[], budget?: ExpansionBudget): Fact[] {
  const kind = String(obj.value.kind);
  const name = objectName(obj);
  if (!name) {
    diagnostics.push({ level: 'warning', code: 'k8s-invalid', file: obj.file, line: obj.lineAt([]), message: `${kind} without metadata.name; skipped` });
    return [];
  }
  const namespace = objectNamespace(obj);
  const specPath = podSpecPath(kind);
  const podSpec = getIn(obj.value, specPath);
  if (!isRecord(podSpec)) {
    diagnostics.push({ level: 'warning', code: 'k8s-invalid', file: obj.file, line: obj.lineAt(['metadata', 'name']), message: `${kind} "${name}" has no pod spec at ${specPath.join('.')}; skipped` });
    return [];
  }
  const podMeta = kind === 'Pod' ? obj.value.metadata : getIn(obj.value, [...specPath.slice(0, -1), 'metadata']);
  const containerGroups = [
    ['containers', asArray(podSpec.containers)],
    ['initContainers', asArray(podSpec.initContainers)],
  ] as const;
  const containers = containerGroups.flatMap(([group, list]) => list.map((c, index) => ({ group, index, c }))).filter((x) => isRecord(x.c));
  const main = containers.find((x) => x.group === 'containers' && isRecord(x.c) && x.c.name === name) ?? containers.find((x) => x.group === 'containers');
  const base = { file: obj.file, library: obj.library, namespace };
  const facts: Fact[] = [];
  const ports: ContainerPort[] = [];
  for (const { group, c } of containers) {
    if (group !== 'containers' || !isRecord(c)) continue;
    for (const p of asArray(c.ports)) {
      if (!isRecord(p)) continue;
      const port = asInt(p.containerPort);
      if (port !== undefined) ports.push({ port, name: asString(p.name), protocol: asString(p.protocol) });
    }
  }
  const metadata = isRecord(obj.value.metadata) ? obj.value.metadata : {};
  const replicas = ['Deployment', 'StatefulSet', 'ReplicaSet', 'DeploymentConfig', 'Rollout', 'ReplicationController'].includes(kind)
    ? (asInt(getIn(obj.value, ['spec', 'replicas'])) ?? 1)
    : undefined;
  facts.push({
    kind: 'manifest-service',
    ...base,
    line: obj.lineAt(['metadata', 'name']),
    name,
    workload: kind,
    image: main && isRecord(main.c) ? asString(main.c.image) : undefined,
    ports,
    labels: stringRecord(metadata.labels),
    podLabels: stringRecord(isRecord(podMeta) ? podMeta.labels : undefined),
    annotations: stringRecord(metadata.annotations),
    podAnnotations: stringRecord(isRecord(podMeta) ? podMeta.annotations : undefined),
    replicas,
    profiles: [],
    dependsOn: [],
    links: [],
    networks: [],
    aliases: [],
    mounts: [],
    containers: containers.filter((x) => x.group === 'containers' && isRecord(x.c)).map((x) => ({ name: asString((x.c as Record<string, unknown>).name) ?? `${name}-${x.index}`, line: obj.lineAt([...specPath, 'containers', x.index]) })),
  });
  for (const { group, index, c } of containers) {
    if (!isRecord(c)) continue;
    const cPath: YamlPath = [...specPath, group, index];
    const containerName = asString(c.name) ?? `${name}-${index}`;
    facts.push(...containerEnv(c, cPath, obj, name, namespace, sources, diagnostics, budget));
    if (group !== 'containers') continue;
    for (const [key, probe] of PROBES) {
      const spec = c[key];
      if (!isRecord(spec)) continue;
      const handler = isRecord(spec.httpGet) ? 'http' : isRecord(spec.tcpSocket) ? 'tcp' : isRecord(spec.grpc) ? 'grpc' : 'exec';
      const target = isRecord(spec.httpGet) ? spec.httpGet : isRecord(spec.tcpSocket) ? spec.tcpSocket : isRecord(spec.grpc) ? spec.grpc : {};
      const port = asInt(target.port) ?? asString(target.port);
      facts.push({ kind: 'probe', ...base, line: obj.lineAt([...cPath, key]), service: name, probe, handler, path: asString(target.path), port });
    }
    const resources = isRecord(c.resources) ? c.resources : {};
    {
      const pick = (q: unknown): { cpu?: string; memory?: string } => {
        const out: { cpu?: string; memory?: string } = {};
        if (!isRecord(q)) return out;
        const cpu = asString(q.cpu);
        const memory = asString(q.memory);
        if (cpu) out.cpu = cpu;
        if (memory) out.memory = memory;
        return out;
      };
      facts.push({ kind: 'resources', ...base, line: obj.lineAt([...cPath, isRecord(c.resources) ? 'resources' : 'name']), service: name, container: containerName, limits: pick(resources.limits), requests: pick(resources.requests) });
    }
  }
  return facts;
}

function containerEnv(
  c: Record<string, unknown>,
  cPath: YamlPath,
  obj: K8sObject,
  service: string,
  namespace: string,
  sources: ConfigSources,
  diagnostics: Diagnostic[],
  budget?: ExpansionBudget,
): ManifestEnvFact[] {
  const out = new Map<string, ManifestEnvFact>();
  const base = { kind: 'manifest-env' as const, library: obj.library, service, namespace };
  asArray(c.envFrom).forEach((from, index) => {
    if (!isRecord(from)) return;
    const prefix = asString(from.prefix) ?? '';
    const line = obj.lineAt([...cPath, 'envFrom', index]);
    if (isRecord(from.configMapRef)) {
      const ref = asString(from.configMapRef.name) ?? '';
      const cm = sources.configMaps.get(`${namespace}/${ref}`);
      if (!cm) {
        if (from.configMapRef.optional !== true) diagnostics.push({ level: 'info', code: 'k8s-missing-configmap', file: obj.file, line, message: `ConfigMap "${ref}" used by "${service}" is not in the repository` });
        return;
      }
      for (const [key, value] of cm.data) {
        out.set(prefix + key, { ...base, file: cm.file, line: cm.lines.get(key), name: prefix + key, value, origin: 'config-map', reference: `${ref}/${key}` });
      }
    } else if (isRecord(from.secretRef)) {
      const ref = asString(from.secretRef.name) ?? '';
      for (const key of sources.secrets.get(`${namespace}/${ref}`)?.keys ?? []) {
        out.set(prefix + key, { ...base, file: obj.file, line, name: prefix + key, value: null, origin: 'secret', reference: `${ref}/${key}` });
      }
    }
  });
  const literal = new Map<string, string>();
  asArray(c.env).forEach((entry, index) => {
    if (!isRecord(entry)) return;
    const name = asString(entry.name);
    if (!name) return;
    const file = obj.file;
    const line = obj.lineAt([...cPath, 'env', index]);
    if (entry.value !== undefined && entry.value !== null) {
      const value = expandDependentVars(asString(entry.value) ?? '', (n) => literal.get(n) ?? out.get(n)?.value ?? undefined, budget);
      literal.set(name, value);
      out.set(name, { ...base, file, line, name, value, origin: 'literal' });
      return;
    }
    const from = isRecord(entry.valueFrom) ? entry.valueFrom : {};
    if (isRecord(from.configMapKeyRef)) {
      const ref = asString(from.configMapKeyRef.name) ?? '';
      const key = asString(from.configMapKeyRef.key) ?? '';
      const cm = sources.configMaps.get(`${namespace}/${ref}`);
      const value = cm?.data.get(key);
      if (value === undefined) {
        diagnostics.push({ level: 'info', code: 'k8s-missing-configmap', file, line, message: `ConfigMap key ${ref}/${key} used by "${service}" is not in the repository` });
        out.set(name, { ...base, file, line, name, value: null, origin: 'unresolved', reference: `${ref}/${key}` });
      } else {
        literal.set(name, value);
        out.set(name, { ...base, file, line, name, value, origin: 'config-map', reference: `${ref}/${key}` });
      }
    } else if (isRecord(from.secretKeyRef)) {
      const ref = `${asString(from.secretKeyRef.name) ?? ''}/${asString(from.secretKeyRef.key) ?? ''}`;
      out.set(name, { ...base, file, line, name, value: null, origin: 'secret', reference: ref });
    } else if (isRecord(from.fieldRef) || isRecord(from.resourceFieldRef)) {
      out.set(name, { ...base, file, line, name, value: null, origin: 'field' });
    } else {
      out.set(name, { ...base, file, line, name, value: null, origin: 'unresolved' });
    }
  });
  return [...out.values()];
}
