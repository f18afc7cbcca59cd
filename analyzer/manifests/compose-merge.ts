import type { ComposeService } from './compose-model.js';

/**
 * Merges `over` onto `base` by Compose's rules: scalars and single values are replaced,
 * mappings (environment, labels, depends_on, networks) merge by key, sequences append
 * (ports and volumes unique), healthcheck test and resources are replaced as a whole.
 * The service keeps the declaration and folder of its first file.
 */
export function mergeServices(base: ComposeService, over: ComposeService): ComposeService {
  return {
    name: base.name,
    decl: base.decl,
    baseDir: base.baseDir,
    image: over.image ?? base.image,
    build: over.build ? { ...base.build, ...over.build } : base.build,
    containerName: over.containerName ?? base.containerName,
    hostname: over.hostname ?? base.hostname,
    environment: new Map([...base.environment, ...over.environment]),
    envFiles: [...base.envFiles, ...over.envFiles],
    ports: uniqueBy([...base.ports, ...over.ports], (p) => `${p.published ?? ''}:${p.target}/${p.protocol ?? 'tcp'}`),
    expose: [...new Set([...base.expose, ...over.expose])],
    dependsOn: new Map([...base.dependsOn, ...over.dependsOn]),
    links: [...new Set([...base.links, ...over.links])],
    networks: new Map([...base.networks, ...over.networks]),
    profiles: [...new Set([...base.profiles, ...over.profiles])],
    labels: new Map([...base.labels, ...over.labels]),
    healthcheck: over.healthcheck ?? base.healthcheck,
    replicas: over.replicas ?? base.replicas,
    limits: { ...base.limits, ...definedOnly(over.limits) },
    requests: { ...base.requests, ...definedOnly(over.requests) },
    resourcesPos: over.resourcesPos ?? base.resourcesPos,
    volumes: uniqueBy([...base.volumes, ...over.volumes], (v) => v.target ?? `${v.source}`),
    extends: over.extends ?? base.extends,
  };
}

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) seen.set(key(item), item);
  return [...seen.values()];
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
