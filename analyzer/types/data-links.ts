import type { Location } from './common.js';
import type { DataEngine, TableAccess } from './data-facts.js';

/**
 * How the datastore of an access was found, most specific first:
 * - `connection`: the connection object was followed (constants, parameters along the call
 *   path, imports, constructors) to where it is created, and its address resolves;
 * - `service-connection`: it could not be followed, but the service's code opens exactly one
 *   connection of this engine, and that one resolves;
 * - `service-config`: the code shows no resolvable connection of this engine; the service's
 *   manifests configure exactly one datastore of it (`DATABASE_URL`).
 * When none of these gives exactly one datastore the access keeps `datastore: null` and lists
 * the `candidates`: it is never attributed by guessing.
 */
export type DataResolution = 'connection' | 'service-connection' | 'service-config';

/** A connection the code of a service opens, with the datastores its address leads to. */
export interface LinkedConnection {
  /** Id of the `db-connection` fact. */
  id: string;
  service: string;
  driver: string;
  engine: DataEngine | null;
  location: Location;
  /** Datastore nodes the address resolves to with the service's environment (empty: not resolved). */
  datastores: string[];
  /** Environment variables the address came from. */
  via: string[];
}

/** One query, ORM call or cache command of a service, with the datastore it runs against. */
export interface LinkedDataAccess {
  /** `service|file:line|kind|text`: unique per service, site and statement. */
  id: string;
  service: string;
  kind: 'db' | 'cache';
  library: string;
  driver: string;
  engine: DataEngine | null;
  method: string;
  operation: 'read' | 'write' | 'both' | 'unknown';
  /** Tables (collections) with what the access does to each; a name the code computes shows its parts as `${...}`. */
  tables: { name: string; access: TableAccess }[];
  /** Some table names (or the statement) are computed at run time and could not be filled in. */
  partial: boolean;
  /** SQL text, with `${...}` for parts not known before run time. */
  statement: string | null;
  /** Cache key, and its literal prefix. */
  key: string | null;
  keyPrefix: string | null;
  upsert: boolean;
  conflict: 'ignore' | 'update' | null;
  locking: boolean;
  location: Location;
  datastore: string | null;
  resolvedBy: DataResolution | null;
  /** The datastores it may run against when the code does not say which; empty otherwise. */
  candidates: string[];
  /** Environment variables the datastore's address came from (`DATABASE_URL`). */
  via: string[];
  /** Id of the connection it was followed to, if any. */
  connection: string | null;
  /** Endpoints (`METHOD /path`) whose handling runs it; empty when only start-up code, consumers or jobs do. */
  endpoints: string[];
  inLoop: boolean;
}

/** A table of a datastore (`datastore` null when the access could not be attributed). */
export interface TableUse {
  datastore: string | null;
  table: string;
}

/** What one endpoint's handling reads and writes. */
export interface EndpointDataAccess {
  service: string;
  /** `METHOD /full/path`, as in `LinkedEndpoint.key`. */
  endpoint: string;
  method: string;
  location: Location;
  reads: TableUse[];
  writes: TableUse[];
  /** The handling writes to a database (cache writes do not count). */
  writesData: boolean;
  /** Ids of the accesses it makes. */
  accesses: string[];
}

/** Data access per service: connections, accesses, and per endpoint what is read and written. */
export interface DataAccessLinks {
  connections: LinkedConnection[];
  accesses: LinkedDataAccess[];
  endpoints: EndpointDataAccess[];
  /** Per service, what code outside request handling reads and writes (consumers, jobs, start-up). */
  background: { service: string; reads: TableUse[]; writes: TableUse[]; accesses: string[] }[];
}
