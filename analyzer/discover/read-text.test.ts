import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../types/index.js';
import { readText } from './read-text.js';
import { walkTree } from './walk-tree.js';

const dir = mkdtempSync(path.join(tmpdir(), 'archreview-read-text-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readText', () => {
  it('refuses a named pipe at once instead of waiting for a writer', () => {
    const fifo = path.join(dir, 'pipe.env');
    execFileSync('mkfifo', [fifo]);
    const diagnostics: Diagnostic[] = [];
    const started = Date.now();
    expect(readText(fifo, 'pipe.env', diagnostics)).toBeNull();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(diagnostics.map((d) => d.code)).toEqual(['not-a-file']);
  });

  it('refuses a folder', () => {
    const diagnostics: Diagnostic[] = [];
    expect(readText(dir, 'x', diagnostics)).toBeNull();
    expect(diagnostics.map((d) => d.code)).toEqual(['not-a-file']);
  });

  it('checks the size before reading and names the limit', () => {
    const big = path.join(dir, 'big.yaml');
    writeFileSync(big, 'a: 1\n'.repeat(1000));
    const diagnostics: Diagnostic[] = [];
    expect(readText(big, 'big.yaml', diagnostics, 100)).toBeNull();
    expect(diagnostics).toEqual([{ level: 'warning', code: 'file-too-large', file: 'big.yaml', message: 'skipped: 5000 bytes is over the 100-byte limit (limits.maxFileBytes)' }]);
    expect(readText(big, 'big.yaml', [], 5000)).toBe('a: 1\n'.repeat(1000));
  });
});

describe('walkTree', () => {
  it('reports symbolic link loops, links to folders, dangling links and pipes, and follows none of them', () => {
    const root = path.join(dir, 'tree');
    mkdirSync(path.join(root, 'sub'), { recursive: true });
    writeFileSync(path.join(root, 'sub', 'a.ts'), '');
    symlinkSync('b.yaml', path.join(root, 'a.yaml'));
    symlinkSync('a.yaml', path.join(root, 'b.yaml'));
    symlinkSync('.', path.join(root, 'again'));
    symlinkSync('nowhere.ts', path.join(root, 'dangling.ts'));
    symlinkSync('..', path.join(root, 'up'));
    execFileSync('mkfifo', [path.join(root, 'pipe')]);
    const inventory = walkTree(root);
    expect(inventory.files.map((f) => f.path)).toEqual(['sub/a.ts']);
    expect(inventory.diagnostics.map((d) => `${d.code} ${d.file}`).sort()).toEqual([
      'not-a-file pipe',
      'symlink-broken dangling.ts',
      'symlink-dir again',
      'symlink-loop a.yaml',
      'symlink-loop b.yaml',
      'symlink-outside-root up',
    ]);
  });

  it('does not read a .gitignore over the size limit', () => {
    const root = path.join(dir, 'ignored');
    mkdirSync(root);
    writeFileSync(path.join(root, '.gitignore'), '*.ts\n'.repeat(100));
    writeFileSync(path.join(root, 'a.ts'), '');
    const inventory = walkTree(root, { maxFileBytes: 50 });
    expect(inventory.files.map((f) => f.path)).toEqual(['.gitignore', 'a.ts']);
    expect(inventory.diagnostics.map((d) => `${d.code} ${d.file}`)).toEqual(['file-too-large .gitignore']);
  });

  it('stops at limits.maxFiles and says so', () => {
    const root = path.join(dir, 'many');
    mkdirSync(root);
    for (let i = 0; i < 5; i++) writeFileSync(path.join(root, `f${i}.txt`), '');
    const inventory = walkTree(root, { maxFiles: 3 });
    expect(inventory.files).toHaveLength(3);
    expect(inventory.diagnostics.map((d) => d.message)).toEqual([expect.stringContaining('limits.maxFiles')]);
  });
});
