import path from 'node:path';
import type { DataEngine, PrismaSchemaFact } from '../types/data-facts.js';
import type { Fact, SymString } from '../types/index.js';
import type { ReaderContext } from './reader-context.js';

const ENGINES: Record<string, DataEngine> = { postgresql: 'postgres', postgres: 'postgres', cockroachdb: 'postgres', mysql: 'mysql', sqlserver: 'mssql', mongodb: 'mongodb', sqlite: 'sqlite' };

interface Block {
  type: string;
  name: string;
  line: number;
  body: { text: string; line: number }[];
}

/** Top-level blocks (`datasource db { ... }`, `model User { ... }`) with their lines; comments removed. */
function blocks(text: string): Block[] {
  const out: Block[] = [];
  let current: Block | null = null;
  let depth = 0;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (!current) {
      const m = /^(datasource|generator|model|enum|view|type)\s+(\w+)\s*\{/.exec(line);
      if (m) {
        current = { type: m[1]!, name: m[2]!, line: i + 1, body: [] };
        depth = 1;
      }
      return;
    }
    depth += (line.match(/\{/g) ?? []).length - (line.match(/\}/g) ?? []).length;
    if (depth <= 0) {
      out.push(current);
      current = null;
    } else if (line) current.body.push({ text: line, line: i + 1 });
  });
  return out;
}

/** `env("DATABASE_URL")` → the variable; `"postgres://..."` → the literal. */
function urlValue(value: string): SymString | null {
  const env = /^env\(\s*"([^"]+)"\s*\)$/.exec(value);
  if (env) return [{ env: env[1]! }];
  const literal = /^"([^"]*)"$/.exec(value);
  return literal ? [{ lit: literal[1]! }] : null;
}

/**
 * Reads Prisma schemas without running Prisma: the datasource (provider, url) and the table
 * of every model (`@@map("users")`, `@@schema("billing")`, else the model name). The files of a
 * multi-file schema (`prisma/schema/*.prisma`) are one schema.
 */
export function readPrismaSchemas(ctx: ReaderContext): { facts: Fact[]; files: string[] } {
  const byFolder = new Map<string, string[]>();
  for (const file of ctx.files) {
    if (!file.path.endsWith('.prisma')) continue;
    const dir = path.posix.dirname(file.path);
    byFolder.set(dir, [...(byFolder.get(dir) ?? []), file.path]);
  }
  const facts: Fact[] = [];
  const files: string[] = [];
  for (const group of [...byFolder.values()].sort((a, b) => (a[0]! < b[0]! ? -1 : 1))) {
    let fact: PrismaSchemaFact | null = null;
    const models: PrismaSchemaFact['models'] = [];
    for (const file of group.sort()) {
      const text = ctx.read(file);
      if (text === null) continue;
      files.push(file);
      for (const block of blocks(text)) {
        if (block.type === 'datasource' && !fact) {
          const field = (name: string): string | undefined => block.body.map((b) => new RegExp(`^${name}\\s*=\\s*(.+)$`).exec(b.text)?.[1]?.trim()).find((v) => v !== undefined);
          const provider = field('provider')?.replace(/^"|"$/g, '') ?? null;
          const url = field('url');
          fact = { kind: 'prisma-schema', file, line: block.line, library: 'prisma', provider, engine: provider ? (ENGINES[provider] ?? null) : null, url: url ? urlValue(url) : null, models };
        } else if (block.type === 'model' || block.type === 'view') {
          const attr = (name: string): string | undefined => block.body.map((b) => new RegExp(`^@@${name}\\(\\s*(?:name:\\s*)?"([^"]+)"`).exec(b.text)?.[1]).find((v) => v !== undefined);
          const schema = attr('schema');
          models.push({ name: block.name, table: `${schema ? `${schema}.` : ''}${attr('map') ?? block.name}`, line: block.line });
        }
      }
    }
    if (!fact && models.length) fact = { kind: 'prisma-schema', file: group[0]!, line: 1, library: 'prisma', provider: null, engine: null, url: null, models };
    if (fact) {
      fact.models = models.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      facts.push(fact);
    }
  }
  return { facts, files };
}
