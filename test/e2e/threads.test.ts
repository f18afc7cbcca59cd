import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateSystem } from '../../scripts/bench/generate-system.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/fixtures.js';

// Worker threads parse files when there are enough of them: the report must not depend on
// how many threads made it, nor on which thread took which file.

function report(root: string, threads: number): { json: string; sarif: string } {
  const out = tempDir('archreview-threads-out-');
  const result = runCli([root, '--out', out, '--format', 'json,sarif', '--quiet', '--fail-on', 'never'], { env: { ARCHREVIEW_THREADS: String(threads) } });
  expect(result.code, result.stderr).toBe(0);
  return { json: readFileSync(path.join(out, 'archreview.json'), 'utf8'), sarif: readFileSync(path.join(out, 'findings.sarif'), 'utf8') };
}

describe('parallel extraction', () => {
  it('gives byte-identical output with one and two threads on 1,600 source files', () => {
    const root = tempDir('archreview-threads-');
    expect(generateSystem(root, { files: 1600, services: 16 }).files).toBeGreaterThanOrEqual(1600);
    const one = report(root, 1);
    expect(JSON.parse(one.json).findings.length).toBeGreaterThan(0);
    expect(report(root, 2)).toEqual(one);
  });
});

describe('extractFiles (built)', () => {
  it('starts workers for enough files and returns what one thread returns, in order', async () => {
    const root = tempDir('archreview-threads-unit-');
    generateSystem(root, { files: 600, services: 6 });
    // The built modules: run from the TypeScript sources there is no worker to start.
    const dist = (rel: string): string => path.join(REPO_ROOT, 'dist/analyzer', rel);
    const { walkTree } = (await import(dist('discover/index.js'))) as typeof import('../../analyzer/discover/index.js');
    const { extractFiles } = (await import(dist('extract/ts/parallel.js'))) as typeof import('../../analyzer/extract/ts/parallel.js');
    const files = walkTree(root).files.filter((f) => f.path.endsWith('.ts') && !f.path.endsWith('.test.ts'));
    const settings = { maxSourceBytes: 1 << 20, perFileMs: 10_000, packageNames: ['@bench/common'], pathAliases: [] };
    const one = extractFiles(files, settings, 1);
    const three = extractFiles(files, settings, 3, 200);
    expect(one.workers).toBe(0);
    expect(three.workers).toBe(2);
    expect(three.results).toEqual(one.results);
    expect(one.results.flatMap((r) => r.extraction.facts).length).toBeGreaterThan(files.length);
  });
});
