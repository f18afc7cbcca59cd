import type { Datastore, Location } from '../types/index.js';
import { locationOf } from './candidates.js';
import type { InfraKind } from './classify-image.js';
import type { Classified } from './classify-candidates.js';

interface Instance {
  kind: string;
  role: Datastore['role'];
  host: string;
  image: string | null;
  declaredIn: Location[];
  defaultDatabase: string | null;
  databases: Set<string | null>;
}

const DEFAULT_DB_VARS = ['POSTGRES_DB', 'POSTGRESQL_DATABASE', 'MYSQL_DATABASE', 'MARIADB_DATABASE', 'MONGO_INITDB_DATABASE', 'MONGODB_DATABASE', 'MSSQL_DB', 'CLICKHOUSE_DB', 'COUCHDB_DATABASE'];

/**
 * Datastore identity is kind + host + database (DESIGN.md). Infrastructure workloads are
 * instances; each database a service connects to on an instance becomes its own node, so
 * two services on separate databases of one server share only the instance.
 */
export class DatastoreRegistry {
  private readonly instances = new Map<string, Instance>();
  private readonly databases = new Map<string, string | null>();
  private readonly tables = new Map<string, Set<string>>();

  /** Tables the code reads or writes in a datastore node. */
  addTables(id: string, tables: readonly string[]): void {
    const set = this.tables.get(id) ?? new Set<string>();
    for (const t of tables) set.add(t);
    this.tables.set(id, set);
  }

  constructor(classified: Map<string, Classified>) {
    for (const c of classified.values()) {
      if (c.role !== 'infra' || !c.infra) continue;
      const env = c.candidate.env;
      const defaultDatabase = DEFAULT_DB_VARS.map((v) => env.get(v)?.find((f) => f.value)?.value).find((v) => !!v) ?? null;
      this.instances.set(c.id, {
        kind: c.infra.kind,
        role: c.infra.role,
        host: c.name,
        image: c.image,
        declaredIn: c.candidate.declarations.map(locationOf),
        defaultDatabase: c.infra.role === 'database' ? defaultDatabase : null,
        databases: new Set(),
      });
    }
  }

  /** The datastore id a connection to `dest` with `database` (null: unnamed) lands on. */
  connect(dest: Classified, database: string | null): string {
    const instance = this.instances.get(dest.id);
    if (!instance) throw new Error(`not an infrastructure node: ${dest.id}`);
    return this.register(dest.id, instance, database);
  }

  /** A datastore no manifest declares, named only by a connection URL (a managed database, say). */
  managed(infra: InfraKind, host: string, database: string | null, location: Location): string {
    const key = `${infra.kind}:${host}`;
    let instance = this.instances.get(key);
    if (!instance) {
      instance = { kind: infra.kind, role: infra.role, host, image: null, declaredIn: [], defaultDatabase: null, databases: new Set() };
      this.instances.set(key, instance);
    }
    if (!instance.declaredIn.some((l) => l.file === location.file && l.line === location.line)) instance.declaredIn.push(location);
    return this.register(key, instance, database);
  }

  private register(key: string, instance: Instance, requested: string | null): string {
    let database = requested;
    if (instance.role === 'cache' && (database === '0' || database === '')) database = null;
    if (instance.role !== 'database' && instance.role !== 'cache') database = null;
    database ??= instance.defaultDatabase;
    instance.databases.add(database);
    const id = `datastore:${key}${database ? `/${database}` : ''}`;
    this.databases.set(id, database);
    return id;
  }

  /** Another place that declares the instance (a Kubernetes ExternalName Service for it, say). */
  declare(dest: Classified, location: Location): void {
    const instance = this.instances.get(dest.id);
    if (instance && !instance.declaredIn.some((l) => l.file === location.file && l.line === location.line)) instance.declaredIn.push(location);
  }

  databaseOf(id: string): string | null {
    return this.databases.get(id) ?? null;
  }

  /** Datastore ids already created on the instance behind `dest`. */
  idsOfInstance(dest: Classified): string[] {
    const instance = this.instances.get(dest.id);
    if (!instance) return [];
    return [...instance.databases].map((db) => `datastore:${dest.id}${db ? `/${db}` : ''}`);
  }

  list(): Datastore[] {
    const out: Datastore[] = [];
    for (const [key, instance] of this.instances) {
      const databases = instance.databases.size ? [...instance.databases] : [instance.defaultDatabase];
      for (const database of databases) {
        out.push({
          id: `datastore:${key}${database ? `/${database}` : ''}`,
          kind: instance.kind,
          role: instance.role,
          name: database ? `${instance.host}/${database}` : instance.host,
          host: instance.host,
          instance: `${instance.kind}:${instance.host}`,
          database,
          tables: [...(this.tables.get(`datastore:${key}${database ? `/${database}` : ''}`) ?? [])].sort(),
          image: instance.image,
          declaredIn: [...instance.declaredIn].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0))),
        });
      }
    }
    return out;
  }
}
