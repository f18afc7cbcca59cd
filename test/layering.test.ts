import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/fixtures.js';

/**
 * The pipeline runs one way (DESIGN.md): each stage may import the stages before it and
 * the shared contracts, never a later stage. `run.ts` wires the stages; the CLI talks to
 * `entry.ts`, which loads `run.ts` when the cache cannot answer.
 */
const ALLOWED: Record<string, string[]> = {
  types: [],
  config: ['types'],
  discover: ['types'],
  manifests: ['types', 'discover', 'config'],
  extract: ['types', 'discover', 'config'],
  resolve: ['types', 'config'],
  graph: ['types', 'resolve'],
  engine: ['types', 'graph', 'config'],
  score: ['types', 'graph', 'config'],
  report: ['types'],
  cli: ['types', 'config', 'report', 'entry.ts', 'version.ts'],
};

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2] ?? '');
}

describe('layering', () => {
  const analyzer = path.join(REPO_ROOT, 'analyzer');

  it('every analyzer stage imports only the stages before it', () => {
    const violations: string[] = [];
    for (const file of sourceFiles(analyzer)) {
      const rel = path.relative(analyzer, file);
      const stage = rel.includes(path.sep) ? rel.split(path.sep)[0]! : null;
      if (!stage) continue;
      const allowed = ALLOWED[stage];
      if (!allowed) {
        violations.push(`${rel}: stage "${stage}" has no layering rule`);
        continue;
      }
      for (const spec of importsOf(file)) {
        if (!spec.startsWith('.')) continue;
        const target = path.relative(analyzer, path.resolve(path.dirname(file), spec)).replace(/\.js$/, '.ts');
        const targetStage = target.includes(path.sep) ? target.split(path.sep)[0]! : target;
        if (targetStage === stage || allowed.includes(targetStage)) continue;
        violations.push(`${rel} imports ${spec} (${targetStage})`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('the viewer imports nothing from the analyzer but the Report types', () => {
    const web = path.join(REPO_ROOT, 'web');
    let files: string[] = [];
    try {
      files = sourceFiles(web).concat(readdirSync(web, { recursive: true }).map(String).filter((f) => f.endsWith('.svelte')).map((f) => path.join(web, f)));
    } catch {
      files = [];
    }
    const violations = files.flatMap((file) =>
      importsOf(file)
        .filter((spec) => spec.includes('analyzer/') && !/analyzer\/types\//.test(spec))
        .map((spec) => `${path.relative(REPO_ROOT, file)} imports ${spec}`),
    );
    expect(violations).toEqual([]);
  });
});
