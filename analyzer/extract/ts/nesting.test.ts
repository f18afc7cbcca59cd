import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { walkTree } from '../../discover/index.js';
import type { Diagnostic } from '../../types/index.js';
import { extractTypeScript } from './extract-typescript.js';
import { astDeeperThan, bracketDepth } from './nesting.js';
import { parseSource } from './parse-source.js';

const root = mkdtempSync(path.join(tmpdir(), 'archreview-nesting-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function extract(files: Record<string, string>, limits = {}): string[] {
  const dir = mkdtempSync(path.join(root, 'repo-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  const inventory = walkTree(dir);
  const diagnostics: Diagnostic[] = [];
  const read = (rel: string): string | null => {
    const file = inventory.files.find((f) => f.path === rel);
    return file ? readFileSync(file.abs, 'utf8') : null;
  };
  extractTypeScript(inventory.files, read, diagnostics, limits);
  return diagnostics.map((d) => `${d.code} ${d.file}`);
}

describe('source nesting', () => {
  it('bracketDepth counts every bracket, in strings and comments too', () => {
    expect(bracketDepth('f(a[0], { b: "(((" })')).toBe(5);
    expect(bracketDepth(')))(')).toBe(1);
  });

  it('astDeeperThan measures without recursion', () => {
    const { sourceFile } = parseSource(`export const y = 1${' + 1'.repeat(5000)};`, 'a.ts');
    expect(astDeeperThan(sourceFile, 1500)).toBe(true);
    expect(astDeeperThan(parseSource('export const y = f(1);', 'a.ts').sourceFile, 1500)).toBe(false);
  });

  it('refuses files nested too deeply for the parser or the walker, and reads the others', () => {
    expect(
      extract({
        'parens.ts': `export const x = ${'('.repeat(50_000)}1${')'.repeat(50_000)};\n`,
        'chain.ts': `export const y = 1${' + 1'.repeat(200_000)};\n`,
        'fine.ts': `export const z = ${'('.repeat(300)}1${')'.repeat(300)};\n`,
      }),
    ).toEqual(['source-too-deep chain.ts', 'source-too-deep parens.ts']);
  });
});

describe('limits.perFileMs', () => {
  it('abandons a file whose walk takes longer, with a diagnostic naming the limit', () => {
    const slow = `import axios from 'axios';\n${Array.from({ length: 3000 }, (_v, i) => `axios.get(\`http://s${i}:1/\${process.env.X}\`);`).join('\n')}\n`;
    expect(extract({ 'slow.ts': slow }, { perFileMs: 1 })).toEqual(['time-limit slow.ts']);
    expect(extract({ 'slow.ts': slow })).toEqual([]);
  });
});
