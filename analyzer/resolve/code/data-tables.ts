import { normalizeTableText, type DbAccessFact, type DbModelFact, type PrismaSchemaFact, type SqlTextFact, type TableAccess } from '../../types/data-facts.js';
import type { Fact, SymString } from '../../types/index.js';
import { symText } from '../../types/sym-text.js';
import type { ModuleResolver } from './module-resolver.js';

/** What an access does to which tables, after the link stage filled in what it could. */
export interface ResolvedTables {
  operation: DbAccessFact['operation'];
  tables: { name: string; access: TableAccess }[];
  partial: boolean;
  statement: string | null;
  upsert: boolean;
  conflict: DbAccessFact['conflict'];
  locking: boolean;
  /** The driver of the ORM model the call turned out to use (for calls on imported models). */
  driver: string;
  /** Every model the call names was found where it is defined (a `db-model` fact, the Prisma schema). */
  modelsFound: boolean;
}

const literal = (sym: SymString): string | null => (sym.every((p) => 'lit' in p) ? sym.map((p) => ('lit' in p ? p.lit : '')).join('') : null);

/**
 * Tables of accesses whose names are only known at link time: SQL whose text arrives through
 * a parameter or a constant of another module (read from the `sql-text` facts), computed table
 * names, ORM models and drizzle tables (`db-model`), Prisma models (the schema).
 */
export class TableResolver {
  private readonly sqlTexts = new Map<string, SqlTextFact>();
  private readonly models = new Map<string, DbModelFact[]>();

  constructor(
    facts: readonly Fact[],
    private readonly resolver: ModuleResolver,
    private readonly withValues: (sym: SymString, file: string) => SymString,
  ) {
    for (const f of facts) {
      if (f.kind === 'sql-text' && !this.sqlTexts.has(f.text)) this.sqlTexts.set(f.text, f);
      if (f.kind === 'db-model') this.models.set(f.file, [...(this.models.get(f.file) ?? []), f]);
    }
  }

  /** Null when the call turns out not to be a data access (a method named like an ORM's on something else). */
  resolve(fact: DbAccessFact, schema: PrismaSchemaFact | undefined): ResolvedTables | null {
    const out: ResolvedTables = {
      operation: fact.operation,
      tables: [],
      partial: fact.partial,
      statement: null,
      upsert: fact.upsert,
      conflict: fact.conflict,
      locking: fact.locking,
      driver: fact.driver,
      modelsFound: false,
    };
    let tables = fact.tables;
    if (fact.statement) {
      const statement = this.withValues(fact.statement, fact.file);
      out.statement = symText(statement);
      const text = literal(statement);
      const known = text !== null && fact.partial ? this.sqlTexts.get(text) : undefined;
      if (known) {
        Object.assign(out, { operation: known.operation, upsert: known.upsert, conflict: known.conflict, locking: known.locking, partial: false });
        out.tables.push(...known.tables.map((t) => ({ name: t.name, access: t.access })));
        tables = [];
      }
    }
    let unresolved = false;
    for (const t of tables) {
      if (!t.parts) {
        out.tables.push({ name: t.name, access: t.access });
        continue;
      }
      const filled = this.withValues(t.parts, fact.file);
      const text = literal(filled);
      if (text === null) unresolved = true;
      out.tables.push({ name: text === null ? symText(filled) : fact.statement ? normalizeTableText(text) : text, access: t.access });
    }
    let unknownModels = 0;
    for (const model of fact.models) {
      const found = fact.driver === 'prisma' ? this.prismaTable(model.name, schema) : this.modelTable(model, fact.file, fact.driver);
      if (!found) {
        unknownModels++;
        continue;
      }
      if (found.driver) out.driver = found.driver;
      if (!found.defined) unknownModels++;
      out.tables.push({ name: found.table, access: model.access });
    }
    out.modelsFound = fact.models.length > 0 && unknownModels === 0;
    // A call on an imported object that is not a model of any ORM is not a data access.
    if (fact.driver === 'model' && !out.modelsFound) return null;
    // Holes outside table names (the whole statement from a parameter, a computed FROM clause, no collection name).
    const statementHoles = out.partial && !fact.tables.some((t) => t.parts);
    out.partial = unresolved || unknownModels > 0 || statementHoles;
    out.tables = merge(out.tables);
    if (out.operation === 'unknown' && out.tables.length) {
      const reads = out.tables.some((t) => t.access !== 'write');
      const writes = out.tables.some((t) => t.access !== 'read');
      out.operation = reads && writes ? 'both' : writes ? 'write' : 'read';
    }
    return out;
  }

  private modelTable(model: DbAccessFact['models'][number], file: string, driver: string): { table: string; driver: string; defined: boolean } | null {
    const target = model.module ? this.resolver.resolve(file, model.module) : file;
    const defined = this.models.get(target ?? '') ?? [];
    let found = defined.find((m) => m.name === model.name) ?? (model.name === 'default' && defined.length === 1 ? defined[0] : undefined);
    if (!found && !model.module && driver === 'drizzle') {
      // `db.query.users`: the schema key names a table object defined in some module of the repository.
      const named = [...this.models.values()].flat().filter((m) => m.driver === 'drizzle' && m.name === model.name);
      if (named.length === 1) found = named[0];
    }
    return found ? { table: found.table, driver: found.driver, defined: true } : null;
  }

  /** `prisma.orderItem` → model `OrderItem` → its table (`@@map`), or the model name itself (Prisma's default). */
  private prismaTable(accessor: string, schema: PrismaSchemaFact | undefined): { table: string; driver: string; defined: boolean } | null {
    const model = schema?.models.find((m) => m.name.charAt(0).toLowerCase() + m.name.slice(1) === accessor);
    if (model) return { table: model.table, driver: 'prisma', defined: true };
    return schema ? null : { table: accessor.charAt(0).toUpperCase() + accessor.slice(1), driver: 'prisma', defined: false };
  }
}

function merge(tables: { name: string; access: TableAccess }[]): { name: string; access: TableAccess }[] {
  const byName = new Map<string, TableAccess>();
  for (const t of tables) {
    const old = byName.get(t.name);
    byName.set(t.name, !old || old === t.access ? t.access : 'both');
  }
  return [...byName].map(([name, access]) => ({ name, access })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
