import type { DatastoreRole } from '../types/index.js';

export interface InfraKind {
  kind: string;
  role: DatastoreRole;
}

/** Image name without registry, tag or digest: `docker.io/bitnami/postgresql:16` → `bitnami/postgresql`. */
export function imageRepository(image: string): string {
  let ref = image.trim().toLowerCase().split('@')[0] ?? '';
  const lastSlash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  if (colon > lastSlash) ref = ref.slice(0, colon);
  const parts = ref.split('/');
  if (parts.length > 1 && /[.:]|^localhost$/.test(parts[0] ?? '')) parts.shift();
  if (parts[0] === 'library') parts.shift();
  return parts.join('/');
}

/** Last path segment of the repository: `bitnami/postgresql` → `postgresql`. */
export function imageBaseName(image: string): string {
  const repo = imageRepository(image);
  return repo.slice(repo.lastIndexOf('/') + 1);
}

/** Ordered: the first pattern that matches the repository (or its last segment) wins. */
const INFRA: [RegExp, InfraKind][] = [
  [/(^|\/)(postgres|postgresql|postgis|timescaledb(-ha)?|pgvector|supabase-postgres|crunchy-postgres|cloudnative-pg)$|^postgis\/|^timescale\//, { kind: 'postgres', role: 'database' }],
  [/(^|\/)cockroach(db)?$/, { kind: 'cockroachdb', role: 'database' }],
  [/(^|\/)(mysql|mysql-server|percona(-server)?)$/, { kind: 'mysql', role: 'database' }],
  [/(^|\/)mariadb$/, { kind: 'mariadb', role: 'database' }],
  [/(^|\/)(mongo|mongodb|mongodb-community-server)$/, { kind: 'mongodb', role: 'database' }],
  [/(^|\/)(mssql|mssql-server|azure-sql-edge)$|mssql\/server$/, { kind: 'mssql', role: 'database' }],
  [/(^|\/)(cassandra|scylla|scylladb)$/, { kind: 'cassandra', role: 'database' }],
  [/(^|\/)couchdb$/, { kind: 'couchdb', role: 'database' }],
  [/(^|\/)couchbase(-server)?$/, { kind: 'couchbase', role: 'database' }],
  [/(^|\/)neo4j$/, { kind: 'neo4j', role: 'database' }],
  [/(^|\/)influxdb$/, { kind: 'influxdb', role: 'database' }],
  [/(^|\/)clickhouse(-server)?$/, { kind: 'clickhouse', role: 'database' }],
  [/(^|\/)(dynamodb-local)$/, { kind: 'dynamodb', role: 'database' }],
  [/(^|\/)(oracle|oracle-free|oracle-xe|database\/enterprise)$/, { kind: 'oracle', role: 'database' }],
  [/(^|\/)(redis|redismod|redis-stack|redis-stack-server|redis-cluster|redisearch|rejson|redisgraph|redistimeseries|keydb|dragonfly)$/, { kind: 'redis', role: 'cache' }],
  [/(^|\/)valkey$/, { kind: 'valkey', role: 'cache' }],
  [/(^|\/)memcached$/, { kind: 'memcached', role: 'cache' }],
  [/(^|\/)(rabbitmq)$/, { kind: 'rabbitmq', role: 'broker' }],
  [/(^|\/)(kafka|cp-kafka|cp-server|redpanda|kafka-native)$/, { kind: 'kafka', role: 'broker' }],
  [/(^|\/)(nats|nats-streaming)$/, { kind: 'nats', role: 'broker' }],
  [/(^|\/)(pulsar|pulsar-all)$/, { kind: 'pulsar', role: 'broker' }],
  [/(^|\/)(activemq|activemq-artemis|artemis)$/, { kind: 'activemq', role: 'broker' }],
  [/(^|\/)(mosquitto|emqx|vernemq)$/, { kind: 'mqtt', role: 'broker' }],
  [/(^|\/)(elasticsearch|elasticsearch-oss)$/, { kind: 'elasticsearch', role: 'search' }],
  [/(^|\/)opensearch$/, { kind: 'opensearch', role: 'search' }],
  [/(^|\/)(solr|meilisearch|typesense)$/, { kind: 'search', role: 'search' }],
  [/(^|\/)minio$/, { kind: 'minio', role: 'object-store' }],
  [/(^|\/)(localstack)$/, { kind: 'localstack', role: 'object-store' }],
  [/(^|\/)azurite$/, { kind: 'azurite', role: 'object-store' }],
  [/(^|\/)(zookeeper|cp-zookeeper)$/, { kind: 'zookeeper', role: 'coordination' }],
  [/(^|\/)etcd$/, { kind: 'etcd', role: 'coordination' }],
  [/(^|\/)consul$/, { kind: 'consul', role: 'coordination' }],
];

/** Infrastructure (datastore, cache, broker, ...) an image runs, or null for an application image. */
export function classifyInfraImage(image: string): InfraKind | null {
  const repo = imageRepository(image);
  for (const [pattern, kind] of INFRA) if (pattern.test(repo)) return kind;
  const base = repo.slice(repo.lastIndexOf('/') + 1);
  if (/redis/.test(base) && !TOOLING.test(base)) return { kind: 'redis', role: 'cache' };
  return null;
}

/** Images named after a datastore that are tools around it, not the datastore. */
const TOOLING = /(commander|exporter|insight|ui|admin|browser|cli|operator|proxy|dashboard|backup|metrics)/;

/** Role of a datastore kind named in config (`infra: postgres`). */
export function infraKindByName(kind: string): InfraKind {
  for (const [, value] of INFRA) if (value.kind === kind) return value;
  return { kind, role: 'database' };
}

const PROXY = /(^|\/)(traefik|envoy|envoyproxy\/envoy|haproxy|kong|kong-gateway|krakend|krakend-ce|tyk-gateway|apisix|caddy|nginx-ingress|ingress-nginx|openresty)$/;
const NGINX = /(^|\/)(nginx|nginx-unprivileged|nginxinc\/nginx-unprivileged|openresty)$/;

/** Images of reverse proxies and API gateways. nginx counts only when its config routes traffic. */
export function proxyImage(image: string): 'proxy' | 'nginx' | null {
  const repo = imageRepository(image);
  if (NGINX.test(repo)) return 'nginx';
  if (PROXY.test(repo)) return 'proxy';
  return null;
}

/** Language suggested by a base image, when the repository's files say nothing. */
export function languageFromImage(image: string): string | null {
  const repo = imageRepository(image);
  const hints: [RegExp, string][] = [
    [/(^|\/)(node|bun|deno)/, 'JavaScript'],
    [/(^|\/)golang/, 'Go'],
    [/(^|\/)python|pypy/, 'Python'],
    [/(^|\/)(openjdk|eclipse-temurin|amazoncorretto|maven|gradle|ibmjava|sapmachine)/, 'Java'],
    [/dotnet/, 'C#'],
    [/(^|\/)ruby/, 'Ruby'],
    [/(^|\/)php/, 'PHP'],
    [/(^|\/)rust/, 'Rust'],
    [/(^|\/)elixir/, 'Elixir'],
  ];
  for (const [pattern, language] of hints) if (pattern.test(repo)) return language;
  return null;
}
