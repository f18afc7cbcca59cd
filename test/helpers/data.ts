import type { CacheAccessFact, DataVia, DbAccessFact } from '../../analyzer/types/data-facts.js';
import type { Fact, Report, SymString } from '../../analyzer/types/index.js';
import type { CodeLinks } from '../../analyzer/types/links.js';
import { symText } from '../../analyzer/types/sym-text.js';

function via(v: DataVia | null): string {
  if (!v) return 'via ?';
  if ('created' in v) return `via ${v.created}`;
  return `via ${v.handle.map((p) => ('ref' in p ? `${p.ref.module}#${[p.ref.name, ...p.ref.path].join('.')}` : 'param' in p ? `param${p.param}@${p.fn}` : symText([p]))).join('')}`;
}

function tables(ts: DbAccessFact['tables']): string {
  return ts.map((t) => `${t.name}:${t.access}${t.parts ? `=${JSON.stringify(t.parts)}` : ''}`).join(',');
}

/**
 * Every field of a `db-access` fact on one line:
 * `file:line library/driver(engine) method operation [tables] {models} flags via`.
 */
export function accessLine(f: DbAccessFact): string {
  const flags = [
    f.partial ? 'partial' : '',
    f.upsert ? `upsert:${f.conflict}` : f.conflict ? `conflict:${f.conflict}` : '',
    f.locking ? 'locking' : '',
    f.inLoop ? 'in-loop' : '',
    f.confirmed ? '' : 'unconfirmed',
    f.database ? `db=${symText(f.database)}` : '',
  ].filter(Boolean);
  const models = f.models.map((m) => `${m.module ? `${m.module}#` : ''}${m.name}:${m.access}`).join(',');
  return `${f.file}:${f.line} ${f.library}/${f.driver}(${f.engine ?? '?'}) ${f.method} ${f.operation} [${tables(f.tables)}]${models ? ` {${models}}` : ''}${flags.length ? ` ${flags.join(' ')}` : ''} ${via(f.via)}`;
}

export function cacheLine(f: CacheAccessFact): string {
  const flags = [f.inLoop ? 'in-loop' : '', f.confirmed ? '' : 'unconfirmed'].filter(Boolean);
  return `${f.file}:${f.line} ${f.library}/${f.driver} ${f.command} ${f.operation} key=${f.key ? symText(f.key) : '?'} prefix=${f.keyPrefix ?? '-'}${flags.length ? ` ${flags.join(' ')}` : ''} ${via(f.via)}`;
}

export function dataFactLines(facts: readonly Fact[]): string[] {
  return facts.flatMap((f) => (f.kind === 'db-access' ? [accessLine(f)] : f.kind === 'cache-access' ? [cacheLine(f)] : []));
}

/** Linked accesses: `file:line kind driver operation [tables] → datastore (how) {endpoints}`. */
export function linkedAccessLines(links: CodeLinks): string[] {
  return (links.dataAccess?.accesses ?? []).map((a) => {
    const target = a.datastore ? `${a.datastore} (${a.resolvedBy}${a.via.length ? ` ${a.via.join(',')}` : ''})` : `none [${a.candidates.join(' ')}]`;
    const flags = [a.partial ? 'partial' : '', a.upsert ? `upsert:${a.conflict}` : '', a.inLoop ? 'in-loop' : ''].filter(Boolean);
    const what = a.kind === 'db' ? `[${a.tables.map((t) => `${t.name}:${t.access}`).join(',')}]` : `key=${a.key ?? '?'}`;
    return `${a.location.file}:${a.location.line} ${a.kind} ${a.driver} ${a.method} ${a.operation} ${what}${flags.length ? ` ${flags.join(' ')}` : ''} → ${target} {${a.endpoints.join(', ')}}`;
  });
}

/** Data edges of the report: `from kind to [tables] declared/observed {endpoints}`. */
export function dataEdgeLines(report: Report): string[] {
  return report.edges
    .filter((e) => e.to.startsWith('datastore:'))
    .map((e) => `${e.from} ${e.kind} ${e.to}${e.tables ? ` [${e.tables.join(',')}]` : ''} ${e.declared ? 'declared' : ''}${e.observed ? ' observed' : ''} {${(e.endpoints ?? []).join(', ')}}`.replace('  ', ' '));
}

/** Per endpoint: what its handling reads and writes. */
export function endpointDataLines(links: CodeLinks): string[] {
  const use = (u: { datastore: string | null; table: string }): string => `${u.table}@${u.datastore ?? '?'}`;
  return (links.dataAccess?.endpoints ?? []).filter((e) => e.accesses.length).map((e) => `${e.endpoint} reads [${e.reads.map(use).join(', ')}] writes [${e.writes.map(use).join(', ')}]`);
}

export function sym(text: string): SymString {
  return [{ lit: text }];
}
