import { describe, expect, it } from 'vitest';
import type { ModuleGraph } from '../types/index.js';
import { analyzeModules, clearClusters, rankCandidates } from './modules.js';

/** Three folders of three files each, importing inside their folder; `tables` per file. */
function graph(tables: Record<string, string[]>, extra: [string, string][] = []): ModuleGraph {
  const files: ModuleGraph['files'] = [];
  const imports: ModuleGraph['imports'] = [];
  for (const folder of ['alpha', 'beta', 'gamma']) {
    const names = ['a', 'b', 'c'].map((n) => `src/${folder}/${n}.ts`);
    for (const file of names) files.push({ file, loc: 10, tables: tables[file] ?? [] });
    imports.push({ from: names[0]!, to: names[1]! }, { from: names[1]!, to: names[2]! }, { from: names[0]!, to: names[2]! });
  }
  for (const [from, to] of extra) imports.push({ from, to });
  return { files: files.sort((x, y) => (x.file < y.file ? -1 : 1)), imports, tablesMeasured: Object.keys(tables).length > 0 };
}

const all = (g: ModuleGraph): Set<string> => new Set(g.files.map((f) => f.file));

describe('analyzeModules', () => {
  it('finds one cluster per folder and ranks the one sharing no table first', () => {
    const g = graph({ 'src/alpha/a.ts': ['orders'], 'src/beta/a.ts': ['orders'], 'src/gamma/a.ts': ['reports'] }, [['src/beta/a.ts', 'src/alpha/b.ts']]);
    const analysis = analyzeModules(g, { service: 'app', files: all(g) });
    expect(analysis.clusters.map((c) => [c.name, c.files, c.tables, c.sharedTables, c.cohesion])).toEqual([
      ['alpha', 3, ['orders'], ['orders'], 0.75],
      ['beta', 3, ['orders'], ['orders'], 0.75],
      ['gamma', 3, ['reports'], [], 1],
    ]);
    expect(clearClusters(analysis)).toBe(true);
    expect(rankCandidates(analysis).map((c) => c.name)).toEqual(['gamma', 'alpha', 'beta']);
  });

  it('keeps files imported from three or more folders out, as the shared kernel', () => {
    const g = graph({}, [
      ['src/alpha/a.ts', 'src/util/log.ts'],
      ['src/beta/a.ts', 'src/util/log.ts'],
      ['src/gamma/a.ts', 'src/util/log.ts'],
    ]);
    g.files.push({ file: 'src/util/log.ts', loc: 3, tables: [] });
    const analysis = analyzeModules(g, { service: null, files: all(g) });
    expect(analysis.clusters.map((c) => [c.id, c.name, c.role, c.importsIn])).toEqual([
      ['C1', 'alpha', 'candidate', 0],
      ['C2', 'beta', 'candidate', 0],
      ['C3', 'gamma', 'candidate', 0],
      ['K', 'util', 'shared-kernel', 3],
    ]);
    expect(analysis.notes[0]).toBe('1 file imported from 3 or more module folders forms the shared kernel (K) and stays out of the clustering: src/util/log.ts');
  });

  it('does not cluster a handful of files', () => {
    const g: ModuleGraph = { files: [{ file: 'a.ts', loc: 1, tables: [] }, { file: 'b.ts', loc: 1, tables: [] }], imports: [{ from: 'a.ts', to: 'b.ts' }], tablesMeasured: false };
    expect(analyzeModules(g, { service: null, files: all(g) })).toEqual({
      service: null,
      files: 2,
      imports: 1,
      tablesMeasured: false,
      modularity: 0,
      clusters: [],
      notes: ['not clustered: 2 code files and 1 import between them are too few to show structure'],
    });
  });
});
