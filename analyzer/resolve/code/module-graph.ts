import type { Fact, FactOf, ModuleFile, ModuleGraph, ModuleImport } from '../../types/index.js';
import { ModuleResolver } from './module-resolver.js';

/**
 * The import graph of the repository's own code: every parsed code file that is not a test,
 * generated or browser code, with its lines of code, and each import resolved to another of
 * those files. Tables come from any fact that names the tables a file's code touches (the
 * data-access extractors); without such facts `tablesMeasured` is false.
 */
export function buildModuleGraph(facts: readonly Fact[]): ModuleGraph {
  const of = <K extends Fact['kind']>(kind: K): FactOf<K>[] => facts.filter((f): f is FactOf<K> => f.kind === kind);
  const codeFiles = of('code-file');
  const moduleMap = of('module-map')[0];
  const sources = new Map(of('source-file').map((s) => [s.file, s]));
  const resolver = new ModuleResolver({
    codeFiles: new Set(codeFiles.map((f) => f.file)),
    pathAliases: moduleMap?.aliases ?? [],
    packageDirs: new Map(Object.entries(moduleMap?.packages ?? {})),
  });
  const kept = codeFiles.filter((f) => !f.browser && sources.get(f.file)?.counted !== false);
  const keep = new Set(kept.map((f) => f.file));
  const tables = tablesByFile(facts);
  const files: ModuleFile[] = kept
    .map((f) => ({ file: f.file, loc: sources.get(f.file)?.loc ?? 0, tables: [...(tables.get(f.file) ?? [])].sort() }))
    .sort((a, b) => compare(a.file, b.file));
  const seen = new Set<string>();
  const imports: ModuleImport[] = [];
  for (const f of kept) {
    for (const spec of f.imports) {
      const to = resolver.resolve(f.file, spec);
      if (!to || to === f.file || !keep.has(to)) continue;
      const key = `${f.file}\0${to}`;
      if (seen.has(key)) continue;
      seen.add(key);
      imports.push({ from: f.file, to });
    }
  }
  imports.sort((a, b) => compare(a.from, b.from) || compare(a.to, b.to));
  return { files: dedupe(files), imports, tablesMeasured: tables.size > 0 };
}

/**
 * Tables per file from facts that carry a `tables` list (names, or objects with a `name`).
 * Read structurally so that every data-access fact kind counts without this module knowing it.
 * Names the code computes at run time (`${...}`) are left out.
 */
function tablesByFile(facts: readonly Fact[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const fact of facts) {
    const list = (fact as { tables?: unknown }).tables;
    if (!Array.isArray(list)) continue;
    for (const entry of list as unknown[]) {
      const name = typeof entry === 'string' ? entry : entry && typeof entry === 'object' && typeof (entry as { name?: unknown }).name === 'string' ? (entry as { name: string }).name : null;
      if (!name || name.includes('${')) continue;
      const set = out.get(fact.file) ?? new Set<string>();
      set.add(name);
      out.set(fact.file, set);
    }
  }
  return out;
}

function dedupe(files: ModuleFile[]): ModuleFile[] {
  return files.filter((f, i) => i === 0 || files[i - 1]!.file !== f.file);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
