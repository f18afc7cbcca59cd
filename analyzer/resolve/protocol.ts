import type { Edge } from '../types/index.js';

export interface PortHint {
  name?: string;
  appProtocol?: string;
}

export interface SyncProtocol {
  kind: 'http' | 'grpc';
  protocol: string;
  protocolFrom: NonNullable<Edge['protocolFrom']>;
}

const HTTP_SCHEMES = new Set(['http', 'https', 'ws', 'wss', 'h2c']);
const GRPC_SCHEMES = new Set(['grpc', 'grpcs', 'dns', 'xds']);
const HTTP_PORTS = new Set([80, 443, 3000, 3001, 4000, 5000, 8000, 8080, 8081, 8443, 9000]);

/**
 * How one service calls another, from the best evidence available: the URL scheme, the
 * name or appProtocol of the port it targets, well-known port numbers, then the variable
 * name. Falls back to HTTP and says so.
 */
export function guessSyncProtocol(scheme: string | undefined, port: number | undefined, hint: PortHint | undefined, variable: string): SyncProtocol {
  if (scheme && HTTP_SCHEMES.has(scheme)) return { kind: 'http', protocol: scheme.startsWith('ws') ? 'websocket' : 'http', protocolFrom: 'scheme' };
  if (scheme && GRPC_SCHEMES.has(scheme)) return { kind: 'grpc', protocol: 'grpc', protocolFrom: 'scheme' };
  const portWord = `${hint?.appProtocol ?? ''} ${hint?.name ?? ''}`.toLowerCase();
  if (/grpc|h2c/.test(portWord)) return { kind: 'grpc', protocol: 'grpc', protocolFrom: 'port-name' };
  if (/http|web/.test(portWord)) return { kind: 'http', protocol: 'http', protocolFrom: 'port-name' };
  if (port !== undefined && (port === 50051 || (port >= 50050 && port <= 50059))) return { kind: 'grpc', protocol: 'grpc', protocolFrom: 'port-number' };
  if (port !== undefined && HTTP_PORTS.has(port)) return { kind: 'http', protocol: 'http', protocolFrom: 'port-number' };
  if (/GRPC/i.test(variable)) return { kind: 'grpc', protocol: 'grpc', protocolFrom: 'variable-name' };
  if (/HTTP|_URL$|_URI$/i.test(variable)) return { kind: 'http', protocol: 'http', protocolFrom: 'variable-name' };
  return { kind: 'http', protocol: 'http', protocolFrom: 'default' };
}

const SCHEME_PROTOCOL: Record<string, string> = {
  postgresql: 'postgres',
  postgres: 'postgres',
  'mongodb+srv': 'mongodb',
  rediss: 'redis',
  amqps: 'amqp',
  mssql: 'sqlserver',
};

const KIND_PROTOCOL: Record<string, string> = {
  rabbitmq: 'amqp',
  activemq: 'amqp',
  elasticsearch: 'http',
  opensearch: 'http',
  minio: 's3',
  localstack: 'aws',
  valkey: 'redis',
  mssql: 'sqlserver',
  mariadb: 'mysql',
  cockroachdb: 'postgres',
};

/** Wire protocol of a datastore connection. */
export function datastoreProtocol(kind: string, scheme: string | undefined): string {
  if (scheme && !/^https?$/.test(scheme)) return SCHEME_PROTOCOL[scheme] ?? scheme;
  return KIND_PROTOCOL[kind] ?? kind;
}

/** Datastore kind named by a connection-URL scheme, for stores the manifests do not declare. */
export function kindFromScheme(scheme: string): string | null {
  const map: Record<string, string> = {
    postgres: 'postgres', postgresql: 'postgres', mysql: 'mysql', mariadb: 'mariadb', mongodb: 'mongodb', 'mongodb+srv': 'mongodb',
    redis: 'redis', rediss: 'redis', valkey: 'valkey', amqp: 'rabbitmq', amqps: 'rabbitmq', kafka: 'kafka', nats: 'nats',
    sqlserver: 'mssql', mssql: 'mssql', cockroachdb: 'cockroachdb', clickhouse: 'clickhouse', memcached: 'memcached',
  };
  return map[scheme] ?? null;
}
