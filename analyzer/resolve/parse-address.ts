/** A network address found in a configuration value. */
export interface Address {
  scheme?: string;
  host: string;
  port?: number;
  /** Database, schema index (redis) or vhost named by the address. */
  database?: string;
  path?: string;
  form: 'url' | 'host-port' | 'host' | 'key-value';
}

const HOST = /^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$/i;
const URL_RE = /^([a-z][a-z0-9+.-]*):\/\/(?:([^@/?#]*)@)?([^/?#]*)(\/[^?#]*)?(\?[^#]*)?/i;
const DATABASE_SCHEMES = /^(postgres(ql)?|mysql|mariadb|mongodb(\+srv)?|sqlserver|mssql|cockroachdb|clickhouse|oracle|redis|rediss|valkey)$/;

/**
 * Reads the addresses in a configuration value: URLs (also multi-host and `jdbc:` ones),
 * `host:port` lists, ADO.NET-style `Server=...;Database=...` strings and, when
 * `allowBareHost` is set, a lone host name. Returns [] for anything else.
 */
export function parseAddresses(raw: string, allowBareHost: boolean): Address[] {
  let value = raw.trim();
  if (!value || value.length > 2048) return [];
  if (value.toLowerCase().startsWith('jdbc:')) value = value.slice(5);
  if (value.toLowerCase().startsWith('dns:///')) value = `grpc://${value.slice(7)}`;
  const url = URL_RE.exec(value);
  if (url) return fromUrl(url);
  if (/[;]/.test(value) && /(server|host|data source|address)\s*=/i.test(value)) return fromKeyValue(value);
  if (/\s/.test(value)) return [];
  const hostPorts = value.split(',').map((part) => splitHostPort(part.trim()));
  if (hostPorts.every((hp) => hp && hp.port !== undefined)) {
    return hostPorts.map((hp) => ({ host: hp!.host, port: hp!.port, form: 'host-port' as const }));
  }
  if (allowBareHost && HOST.test(value) && !/^\d+(\.\d+)*$/.test(value)) return [{ host: value.toLowerCase(), form: 'host' }];
  return [];
}

function fromUrl(m: RegExpExecArray): Address[] {
  const scheme = (m[1] ?? '').toLowerCase();
  const hostsPart = m[3] ?? '';
  const path = m[4];
  const query = m[5] ?? '';
  let database: string | undefined;
  const firstSegment = path?.replace(/^\/+/, '').split('/')[0];
  if (DATABASE_SCHEMES.test(scheme) && firstSegment) database = safeDecode(firstSegment.split(';')[0] ?? '');
  if ((scheme === 'amqp' || scheme === 'amqps') && firstSegment) database = safeDecode(firstSegment);
  const dbParam = /[?&](database|dbname)=([^&]+)/i.exec(query)?.[2];
  if (!database && dbParam) database = safeDecode(dbParam);
  const sqlServerDb = /;\s*(databaseName|database)=([^;]+)/i.exec(hostsPart + (path ?? ''))?.[2];
  if (!database && sqlServerDb) database = sqlServerDb;
  const hosts = hostsPart.split(';')[0]!.split(',').map((part) => splitHostPort(part.trim()));
  return hosts
    .filter((hp): hp is { host: string; port?: number } => !!hp && hp.host !== '')
    .map((hp) => ({ scheme, host: hp.host, port: hp.port, database: database || undefined, path: path || undefined, form: 'url' as const }));
}

function fromKeyValue(value: string): Address[] {
  const pairs = new Map<string, string>();
  for (const part of value.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) pairs.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
  }
  const server = pairs.get('server') ?? pairs.get('host') ?? pairs.get('data source') ?? pairs.get('address');
  if (!server) return [];
  const cleaned = server.replace(/^tcp:/i, '');
  const [hostPart, portPart] = cleaned.includes(',') ? cleaned.split(',') : [cleaned, pairs.get('port')];
  const hp = splitHostPort(hostPart ?? '');
  if (!hp) return [];
  const port = portPart ? Number.parseInt(portPart, 10) : hp.port;
  const database = pairs.get('database') ?? pairs.get('initial catalog');
  return [{ host: hp.host, port: Number.isInteger(port) ? port : undefined, database, form: 'key-value' }];
}

function splitHostPort(text: string): { host: string; port?: number } | null {
  if (!text) return null;
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracket) return { host: (bracket[1] ?? '').toLowerCase(), port: bracket[2] ? Number(bracket[2]) : undefined };
  const m = /^([^:]+)(?::(\d{1,5}))?$/.exec(text);
  if (!m || !HOST.test(m[1] ?? '')) return null;
  return { host: (m[1] ?? '').toLowerCase(), port: m[2] ? Number(m[2]) : undefined };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Variable names that hold an address, so a bare host name in them counts. */
export function looksLikeAddressVariable(name: string): boolean {
  return /(HOST|HOSTNAME|ADDR|ADDRESS|SERVER|SERVERS|SERVICE|ENDPOINT|BROKER|BROKERS|URL|URI|DSN|UPSTREAM|TARGET|BACKEND)S?$/i.test(name);
}

/** Variables whose URL is not a dependency of the service (where browsers go, callbacks, CORS). */
export function isNonDependencyVariable(name: string): boolean {
  return /(ORIGIN|ISSUER|AUDIENCE|_AUD$|REDIRECT|CALLBACK|RETURN_URL|PUBLIC|CORS|ALLOWED|HOMEPAGE|SITE_URL|WEBSITE|FRONTEND_URL|APP_URL|BASE_PATH|DOCS?_URL|SUPPORT|PRIVACY|TERMS|LOGO|IMAGE|ICON|AVATAR|ASSET|CDN|STATIC|HEALTHCHECK|HEALTH_URL|SELF|EXTERNAL_URL|ADVERTISED)/i.test(name);
}

export function isLocalHost(host: string): boolean {
  return /^(localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|::1|host\.docker\.internal|.*\.local|.*\.localhost|.*\.test|.*\.invalid)$/.test(host);
}

export function isDatabaseScheme(scheme: string | undefined): boolean {
  return !!scheme && DATABASE_SCHEMES.test(scheme);
}
