import type { DataEngine, DataVia, DbConnectionFact, DbHandoffFact, PrismaSchemaFact } from '../../types/data-facts.js';
import type { Edge, Fact, Location, ManifestEnvFact, SymPart, SymString } from '../../types/index.js';
import { infraKindByName } from '../classify-image.js';
import { looksLikeAddressVariable, parseAddresses, type Address } from '../parse-address.js';
import type { LinkerContext, ServiceReach } from './link-code.js';

/** Datastore kinds (as image classification names them) each engine's drivers talk to. */
const ENGINE_KINDS: Record<DataEngine, string[]> = {
  postgres: ['postgres', 'cockroachdb'],
  mysql: ['mysql', 'mariadb'],
  mongodb: ['mongodb'],
  redis: ['redis', 'valkey'],
  mssql: ['mssql'],
  oracle: ['oracle'],
  sqlite: [],
};
const SCHEME: Record<DataEngine, string> = { postgres: 'postgres', mysql: 'mysql', mongodb: 'mongodb', redis: 'redis', mssql: 'mssql', oracle: 'oracle', sqlite: 'sqlite' };
const MAX_VARIANTS = 6;

/** Kind of a datastore node from its id: `datastore:postgres:shop-db/shop` → `postgres`. */
export function datastoreKind(id: string): string {
  return id.split(':')[1] ?? '';
}

/** Whether a datastore node can be what an access of this engine (unknown: any database; caches: redis) runs against. */
export function compatible(datastore: string, engine: DataEngine | null, kind: 'db' | 'cache'): boolean {
  const dsKind = datastoreKind(datastore);
  if (engine) return ENGINE_KINDS[engine].includes(dsKind);
  return kind === 'cache' ? ENGINE_KINDS.redis.includes(dsKind) : infraKindByName(dsKind).role === 'database';
}

/** Where a connection's address leads with the service's environment. */
export interface ConnectionTargets {
  datastores: string[];
  vars: string[];
}

interface Rendering {
  text: string;
  vars: string[];
  from: ManifestEnvFact | null;
}

/** Complete texts a symbolic value takes with the service's environment; parts only known at run time drop the rendering. */
function render(sym: SymString, env: Map<string, ManifestEnvFact[]>): Rendering[] {
  let out: Rendering[] = [{ text: '', vars: [], from: null }];
  for (const part of sym) {
    if ('lit' in part) out = out.map((r) => ({ ...r, text: r.text + part.lit }));
    else if ('env' in part) {
      const values = [...new Map((env.get(part.env) ?? []).filter((v) => v.value !== null).map((v) => [`${v.value}|${v.library}`, v])).values()].slice(0, 3);
      if (!values.length && part.fallback === undefined) return [];
      out = values.length
        ? out.flatMap((r) => values.map((v) => ({ text: r.text + v.value, vars: [...r.vars, part.env], from: r.from ?? v }))).slice(0, MAX_VARIANTS)
        : out.map((r) => ({ ...r, text: r.text + part.fallback }));
    } else return [];
  }
  return out;
}

/**
 * Resolves connections of one service: their addresses through the service's environment
 * (filling in constructor parameters from `new Class(env.X)` hand-offs), and what a query's
 * connection object leads back to.
 */
export class ServiceConnections {
  /** Connection facts as the service's code reaches them (parameters filled in), by id. */
  readonly reached = new Map<string, DbConnectionFact[]>();
  private readonly handoffs: DbHandoffFact[] = [];
  private readonly memo = new Map<string, ConnectionTargets>();

  constructor(
    private readonly ctx: LinkerContext,
    private readonly service: ServiceReach,
    private readonly index: { connections: Map<string, DbConnectionFact>; byFile: Map<string, DbConnectionFact[]>; schemas: PrismaSchemaFact[] },
  ) {
    for (const r of [...service.endpoints.flatMap((e) => e.reached), ...service.background]) {
      if (r.fact.kind === 'db-connection') this.reached.set(r.fact.id, [...(this.reached.get(r.fact.id) ?? []), r.fact as DbConnectionFact]);
      if (r.fact.kind === 'db-handoff') this.handoffs.push(r.fact as DbHandoffFact);
    }
  }

  /** The connection facts a `via` leads to: the created one, an imported one, or one handed to a constructor. */
  follow(via: DataVia | null, file: string, depth = 0): DbConnectionFact[] {
    if (!via || depth > 4) return [];
    if ('created' in via) return this.copies(via.created);
    const part = via.handle.length === 1 ? via.handle[0]! : null;
    if (part && 'ref' in part) {
      const target = this.ctx.graph.resolver.resolve(part.ref.from ?? file, part.ref.module);
      const name = part.ref.name === '*' ? part.ref.path[0] : part.ref.name;
      const declared = (this.index.byFile.get(target ?? '') ?? []).filter((c) => c.declaredAs?.topLevel);
      const named = declared.filter((c) => c.declaredAs!.name === name);
      const found = named.length ? named : name === 'default' && declared.length === 1 ? declared : [];
      return found.flatMap((c) => this.copies(c.id));
    }
    if (part && 'param' in part && part.fn?.endsWith('.constructor')) {
      return this.handoffsTo(part.fn).flatMap((h) => this.follow(h.args[part.param] ?? null, h.file, depth + 1));
    }
    return [];
  }

  /** Datastores a connection's address leads to (through what it wraps, for `drizzle(pool)`, `client.db('orders')`), on `database` when given. */
  targets(conn: DbConnectionFact, database?: string, depth = 0): ConnectionTargets {
    const key = JSON.stringify([conn.id, conn.url, conn.host, conn.database, database ?? null]);
    const known = this.memo.get(key);
    if (known) return known;
    const datastores = new Set<string>();
    const vars = new Set<string>();
    const location: Location = conn.line ? { file: conn.file, line: conn.line } : { file: conn.file };
    const databases = conn.database ? this.variants(conn.database, conn.file).flatMap((d) => render(d, this.service.env)) : [];
    const own = database ?? (databases.length === 1 ? databases[0]!.text : undefined);
    if (conn.wraps && depth < 4) {
      for (const inner of this.follow(conn.wraps, conn.file)) {
        const t = this.targets(inner, own, depth + 1);
        t.datastores.forEach((d) => datastores.add(d));
        t.vars.forEach((v) => vars.add(v));
      }
    }
    const url = conn.url ?? (conn.driver === 'prisma' ? this.schemaOf(conn.file)?.url ?? null : null);
    const engine = conn.engine ?? (conn.driver === 'prisma' ? this.schemaOf(conn.file)?.engine ?? null : null);
    const add = (address: Address, r: Rendering): void => {
      const a = { ...address, ...(own !== undefined ? { database: own } : {}), ...(!address.scheme && engine ? { scheme: SCHEME[engine] } : {}) };
      const platform = r.from ? this.ctx.input.platformOf(r.from.library) : undefined;
      for (const draft of this.ctx.input.addressTargets(this.service.source, a, platform, r.from?.namespace, r.vars[0] ?? '', location)) {
        if (!draft.to.startsWith('datastore:')) continue;
        datastores.add(draft.to);
        r.vars.forEach((v) => vars.add(v));
      }
    };
    for (const variant of url ? this.variants(url, conn.file) : []) {
      for (const r of render(variant, this.service.env)) for (const a of parseAddresses(r.text, r.vars.some(looksLikeAddressVariable))) add(a, r);
    }
    if (!url && conn.host) {
      for (const variant of this.variants(conn.host, conn.file)) for (const r of render(variant, this.service.env)) for (const a of parseAddresses(r.text, true)) add(a, r);
    }
    const result = { datastores: [...datastores].sort(), vars: [...vars].sort() };
    this.memo.set(key, result);
    return result;
  }

  /** The same datastore server with another database (`client.db('moderation')` on a configured `mongo`). */
  onDatabase(datastore: string, database: string, location: Location): string | null {
    const kind = datastoreKind(datastore);
    const host = datastore.slice(`datastore:${kind}:`.length).split('/')[0]!;
    const scheme = (Object.entries(ENGINE_KINDS).find(([, kinds]) => kinds.includes(kind))?.[0] ?? kind) as DataEngine;
    const drafts = this.ctx.input.addressTargets(this.service.source, { scheme: SCHEME[scheme] ?? kind, host, database, form: 'url' }, undefined, undefined, '', location);
    return drafts.find((d) => d.to.startsWith('datastore:'))?.to ?? null;
  }

  private all: ConnectionTargets[] | null = null;
  private config: Edge[] | null = null;

  /** Targets of every connection the service's code opens. */
  allTargets(database?: string): ConnectionTargets[] {
    if (database !== undefined) return [...this.reached.values()].flatMap((copies) => copies.map((c) => this.targets(c, database)));
    this.all ??= [...this.reached.values()].flatMap((copies) => copies.map((c) => this.targets(c)));
    return this.all;
  }

  /** The service's configured connections to datastores (manifest `connects` edges), read once, before code edges are added. */
  configured(read: () => Edge[]): Edge[] {
    this.config ??= read();
    return this.config;
  }

  /** The Prisma schema a client in `file` uses: the nearest one whose project folder holds the file (`<project>/prisma/schema.prisma`). */
  schemaOf(file: string): PrismaSchemaFact | undefined {
    const projectOf = (schema: PrismaSchemaFact): string => schema.file.slice(0, Math.max(0, schema.file.lastIndexOf('/'))).replace(/(^|\/)prisma(\/schema)?$/, '');
    const holding = this.index.schemas.filter((s) => projectOf(s) === '' || file.startsWith(`${projectOf(s)}/`));
    holding.sort((a, b) => projectOf(b).length - projectOf(a).length || (a.file < b.file ? -1 : 1));
    return holding[0] ?? (this.index.schemas.length === 1 ? this.index.schemas[0] : undefined);
  }

  private copies(id: string): DbConnectionFact[] {
    const reached = this.reached.get(id);
    if (reached?.length) return reached;
    const raw = this.index.connections.get(id);
    return raw ? [raw] : [];
  }

  private handoffsTo(ctorScope: string): DbHandoffFact[] {
    const hash = ctorScope.indexOf('#');
    const file = ctorScope.slice(0, hash);
    const className = ctorScope.slice(hash + 1, -'.constructor'.length);
    return this.handoffs.filter((h) => h.target.name === className && (h.target.module ? this.ctx.graph.resolver.resolve(h.file, h.target.module) : h.file) === file);
  }

  /** A value with constructor parameters filled in from every hand-off to the class, and constants of other modules. */
  private variants(sym: SymString, file: string): SymString[] {
    let out: SymString[] = [this.ctx.withValues(sym, file)];
    for (const part of sym) {
      if (!('param' in part) || !part.fn?.endsWith('.constructor')) continue;
      const values = this.handoffsTo(part.fn).map((h) => h.values[part.param] ?? null).filter((v): v is SymString => v !== null);
      if (!values.length) continue;
      out = out.flatMap((s) => values.map((v) => this.ctx.withValues(replacePart(s, part, v), file))).slice(0, MAX_VARIANTS);
    }
    return out;
  }
}

function replacePart(sym: SymString, target: SymPart, value: SymString): SymString {
  return sym.flatMap((p) => (JSON.stringify(p) === JSON.stringify(target) ? value : [p]));
}

/** Connection facts by id and by file, and the Prisma schemas. */
export function connectionIndex(facts: readonly Fact[]) {
  const connections = new Map<string, DbConnectionFact>();
  const byFile = new Map<string, DbConnectionFact[]>();
  const schemas: PrismaSchemaFact[] = [];
  for (const f of facts) {
    if (f.kind === 'db-connection') {
      connections.set(f.id, f);
      byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
    } else if (f.kind === 'prisma-schema') schemas.push(f);
  }
  return { connections, byFile, schemas };
}
