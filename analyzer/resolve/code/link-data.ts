import type { CacheAccessFact, DataEngine, DbAccessFact } from '../../types/data-facts.js';
import type { DataAccessLinks, DataResolution, LinkedDataAccess, TableUse } from '../../types/data-links.js';
import type { Location } from '../../types/index.js';
import { symText } from '../../types/sym-text.js';
import { datastoreProtocol } from '../protocol.js';
import type { Reached } from './call-graph.js';
import { compatible, connectionIndex, datastoreKind, ServiceConnections, type ConnectionTargets } from './data-connections.js';
import { TableResolver } from './data-tables.js';
import type { Linker, LinkerContext, ServiceReach } from './link-code.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

type AccessFact = DbAccessFact | CacheAccessFact;

/**
 * Data access: attributes every query, ORM call and cache command a service's code reaches to
 * a datastore — by following its connection object, else the service's one connection of that
 * engine, else the one datastore of that engine its manifests configure, else to none (with the
 * candidates). Adds observed `reads`/`writes` edges with the endpoints whose handling makes
 * them, records tables on datastores, and marks a GET (HEAD, OPTIONS) endpoint mutating when
 * its handling writes to a database.
 */
export const linkData: Linker = (ctx) => {
  const index = connectionIndex(ctx.facts);
  const tables = new TableResolver(ctx.facts, ctx.graph.resolver, ctx.withValues);
  const out: DataAccessLinks = { connections: [], accesses: [], endpoints: [], background: [] };
  for (const service of ctx.services) {
    const connections = new ServiceConnections(ctx, service, index);
    const linked = new Map<string, LinkedDataAccess>();
    const link = (r: Reached, endpoint: string | null): LinkedDataAccess | null => {
      if (r.fact.kind !== 'db-access' && r.fact.kind !== 'cache-access') return null;
      const access = linkAccess(ctx, service, connections, tables, r.fact as AccessFact, r.inLoop);
      if (!access) return null;
      const existing = linked.get(access.id);
      const kept = existing ?? access;
      if (!existing) linked.set(access.id, access);
      kept.inLoop ||= access.inLoop;
      if (endpoint && !kept.endpoints.includes(endpoint)) kept.endpoints.push(endpoint);
      addEdges(ctx, service, kept, endpoint);
      return kept;
    };
    for (const e of service.endpoints) {
      const reached = e.reached.map((r) => link(r, e.key)).filter((a): a is LinkedDataAccess => a !== null);
      const uses = tableUses(reached);
      const writesData = reached.some((a) => a.kind === 'db' && (a.operation === 'write' || a.operation === 'both'));
      const location: Location = { file: e.fact.file, line: e.fact.line };
      out.endpoints.push({ service: service.source.id, endpoint: e.key, method: e.fact.method, location, ...uses, writesData, accesses: unique(reached.map((a) => a.id)) });
      if (writesData && SAFE_METHODS.has(e.fact.method.toUpperCase())) markMutating(ctx, service.source.id, e.key, location);
    }
    // Start-up code reaches the handlers too (routers are built there): background is what no endpoint runs.
    const background = service.background.map((r) => link(r, null)).filter((a): a is LinkedDataAccess => a !== null && a.endpoints.length === 0);
    if (background.length) out.background.push({ service: service.source.id, ...tableUses(background), accesses: unique(background.map((a) => a.id)) });
    out.accesses.push(...linked.values());
    for (const [id, copies] of connections.reached) {
      const first = copies[0]!;
      const targets = copies.map((c) => connections.targets(c));
      out.connections.push({
        id,
        service: service.source.id,
        driver: first.driver,
        engine: first.engine,
        location: first.line ? { file: first.file, line: first.line } : { file: first.file },
        datastores: unique(targets.flatMap((t) => t.datastores)),
        via: unique(targets.flatMap((t) => t.vars)),
      });
    }
  }
  for (const a of out.accesses) {
    a.endpoints.sort();
    for (const t of a.tables) if (a.datastore && a.kind === 'db' && !t.name.includes('${')) ctx.input.addTables(a.datastore, [t.name]);
  }
  out.accesses.sort(byPlace);
  out.connections.sort((a, b) => (a.service + a.id < b.service + b.id ? -1 : 1));
  out.endpoints.sort((a, b) => (a.service + a.endpoint < b.service + b.endpoint ? -1 : a.service + a.endpoint > b.service + b.endpoint ? 1 : (a.location.line ?? 0) - (b.location.line ?? 0)));
  ctx.links.dataAccess = out;
};

function linkAccess(ctx: LinkerContext, service: ServiceReach, connections: ServiceConnections, tables: TableResolver, fact: AccessFact, inLoop: boolean): LinkedDataAccess | null {
  const kind = fact.kind === 'db-access' ? 'db' : 'cache';
  const followed = connections.follow(fact.via, fact.file);
  const resolved = fact.kind === 'db-access' ? tables.resolve(fact, connections.schemaOf(fact.file)) : null;
  if (fact.kind === 'db-access' && !resolved) return null;
  if (!fact.confirmed && !confirmed(fact, followed, resolved)) return null;
  const driverEngine = resolved?.driver === 'mongoose' ? 'mongodb' : resolved?.driver === 'prisma' ? connections.schemaOf(fact.file)?.engine : null;
  const engine: DataEngine | null = fact.kind === 'db-access' ? (fact.engine ?? followed.find((c) => c.engine)?.engine ?? driverEngine ?? null) : 'redis';
  const location: Location = fact.line ? { file: fact.file, line: fact.line } : { file: fact.file };
  const named = fact.kind === 'db-access' && fact.database ? ctx.withValues(fact.database, fact.file) : null;
  const database = named?.every((p) => 'lit' in p) ? named.map((p) => ('lit' in p ? p.lit : '')).join('') : undefined;
  const target = attribute(ctx, service, connections, followed, engine, kind, database, location);
  const text = fact.kind === 'db-access' ? (resolved!.statement ?? (resolved!.tables.map((t) => t.name).join(',') || fact.method)) : symText(fact.key ?? []);
  return {
    id: `${service.source.id}|${fact.file}:${fact.line ?? 0}|${kind}|${text}`,
    service: service.source.id,
    kind,
    library: fact.library,
    // The driver the connection shows when the call site could not tell (SQL on an untyped client, an imported cache client).
    driver: (resolved?.driver === 'sql' || !fact.confirmed ? (followed[0]?.driver ?? resolved?.driver) : resolved?.driver) ?? fact.driver,
    engine,
    method: fact.kind === 'db-access' ? fact.method : fact.command,
    operation: resolved ? resolved.operation : (fact as CacheAccessFact).operation,
    tables: resolved ? resolved.tables : [],
    partial: resolved ? resolved.partial : false,
    statement: resolved ? resolved.statement : null,
    key: fact.kind === 'cache-access' && fact.key ? symText(ctx.withValues(fact.key, fact.file)) : null,
    keyPrefix: fact.kind === 'cache-access' ? fact.keyPrefix : null,
    upsert: resolved ? resolved.upsert : false,
    conflict: resolved ? resolved.conflict : null,
    locking: resolved ? resolved.locking : false,
    location,
    ...target,
    connection: followed[0]?.id ?? null,
    endpoints: [],
    inLoop,
  };
}

/**
 * A call that only looked like a data access (a method on an imported object) counts when its
 * connection or its models show which library it is.
 */
function confirmed(fact: AccessFact, followed: ReturnType<ServiceConnections['follow']>, resolved: ReturnType<TableResolver['resolve']>): boolean {
  if (fact.kind === 'cache-access') return followed.some((c) => c.engine === 'redis');
  if (followed.some((c) => c.driver === fact.driver)) return true;
  // SQL whose text arrived through a parameter or an import: a SQL connection, or text that reads as a statement.
  if (fact.statement) return followed.some((c) => c.engine !== 'mongodb' && c.engine !== 'redis') || resolved?.operation !== 'unknown';
  return (fact.driver === 'model' || fact.driver === 'prisma' || fact.driver === 'drizzle') && !!resolved?.modelsFound;
}

/** The datastore an access runs against, and how that was found; never a guess between several. */
function attribute(
  ctx: LinkerContext,
  service: ServiceReach,
  connections: ServiceConnections,
  followed: ReturnType<ServiceConnections['follow']>,
  engine: DataEngine | null,
  kind: 'db' | 'cache',
  database: string | undefined,
  location: Location,
): Pick<LinkedDataAccess, 'datastore' | 'resolvedBy' | 'candidates' | 'via'> {
  const fits = (ids: string[]): string[] => unique(ids.filter((id) => compatible(id, engine, kind)));
  const pick = (ids: string[], how: DataResolution, via: string[]) => (ids.length === 1 ? { datastore: ids[0]!, resolvedBy: how, candidates: [], via } : { datastore: null, resolvedBy: null, candidates: ids, via: [] });
  const varsOf = (targets: ConnectionTargets[]): string[] => unique(targets.filter((t) => fits(t.datastores).length).flatMap((t) => t.vars));
  const traced = followed.map((c) => connections.targets(c, database));
  const tracedIds = fits(traced.flatMap((t) => t.datastores));
  if (tracedIds.length) return pick(tracedIds, 'connection', varsOf(traced));
  const code = connections.allTargets(database);
  const codeIds = fits(code.flatMap((t) => t.datastores));
  if (codeIds.length) return pick(codeIds, 'service-connection', varsOf(code));
  const configured = connections.configured(() => ctx.input.edges.list().filter((e) => e.from === service.source.id && e.kind === 'connects' && e.to.startsWith('datastore:')));
  const configIds = fits(configured.map((e) => (database ? (connections.onDatabase(e.to, database, location) ?? e.to) : e.to)));
  return pick(configIds, 'service-config', unique(configured.filter((e) => configIds.includes(e.to)).flatMap((e) => e.via)));
}

function addEdges(ctx: LinkerContext, service: ServiceReach, access: LinkedDataAccess, endpoint: string | null): void {
  if (!access.datastore) return;
  const kinds = access.operation === 'both' ? (['reads', 'writes'] as const) : access.operation === 'read' ? (['reads'] as const) : access.operation === 'write' ? (['writes'] as const) : (['connects'] as const);
  const database = access.datastore.includes('/') ? access.datastore.slice(access.datastore.indexOf('/') + 1) : null;
  for (const kind of kinds) {
    const edge = ctx.input.edges.add({
      from: service.source.id,
      to: access.datastore,
      kind,
      protocol: datastoreProtocol(datastoreKind(access.datastore), undefined),
      protocolFrom: 'code',
      database,
      via: access.via[0] ?? access.library,
      declared: false,
      observed: true,
      endpoints: endpoint ? [endpoint] : [],
      location: access.location,
    });
    // Tables the edge reads or writes (resolved names only), for rules comparing services table by table.
    const tables = access.kind === 'db' ? access.tables.filter((t) => !t.name.includes('${') && (t.access === 'both' || (kind === 'reads') === (t.access === 'read'))).map((t) => t.name) : [];
    if (edge && kind !== 'connects' && tables.length) edge.tables = [...new Set([...(edge.tables ?? []), ...tables])].sort();
  }
}

/** A safe-method endpoint whose handling writes to a database changes state. */
function markMutating(ctx: LinkerContext, service: string, key: string, location: Location): void {
  for (const e of ctx.links.endpoints) {
    if (e.service === service && e.key === key && e.location.file === location.file && e.location.line === location.line) e.mutating = true;
  }
}

/** By service, then file and line (numerically), then id. */
function byPlace(a: LinkedDataAccess, b: LinkedDataAccess): number {
  if (a.service !== b.service) return a.service < b.service ? -1 : 1;
  if (a.location.file !== b.location.file) return a.location.file < b.location.file ? -1 : 1;
  return (a.location.line ?? 0) - (b.location.line ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function tableUses(accesses: readonly LinkedDataAccess[]): { reads: TableUse[]; writes: TableUse[] } {
  const reads = new Map<string, TableUse>();
  const writes = new Map<string, TableUse>();
  for (const a of accesses) {
    if (a.kind !== 'db') continue;
    for (const t of a.tables) {
      const use = { datastore: a.datastore, table: t.name };
      const key = `${a.datastore ?? ''}|${t.name}`;
      if (t.access !== 'write') reads.set(key, use);
      if (t.access !== 'read') writes.set(key, use);
    }
  }
  const sorted = (m: Map<string, TableUse>): TableUse[] => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, u]) => u);
  return { reads: sorted(reads), writes: sorted(writes) };
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)].sort();
}
