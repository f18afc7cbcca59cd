import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sinceScope } from './git-changes.js';

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });
}

function write(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** A repository with an analyzed folder `app/`, a `main` branch and a feature branch with every kind of change. */
function repository(): { repo: string; app: string } {
  const repo = mkdtempSync(path.join(tmpdir(), 'archreview-git-'));
  const app = path.join(repo, 'app');
  git(repo, 'init', '-q');
  for (const name of ['committed.ts', 'staged.ts', 'edited.ts', 'same.ts', 'gone.ts']) write(path.join(app, 'src', name), `export const ${name.split('.')[0]} = 1;\n`);
  write(path.join(repo, 'other', 'outside.ts'), 'x\n');
  write(path.join(app, '.gitignore'), 'ignored.ts\n');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'base');
  git(repo, 'checkout', '-q', '-b', 'feature');
  write(path.join(app, 'src', 'committed.ts'), 'export const committed = 2;\n');
  write(path.join(repo, 'other', 'outside.ts'), 'y\n');
  git(repo, 'commit', '-q', '-am', 'change');
  write(path.join(app, 'src', 'staged.ts'), 'export const staged = 2;\n');
  git(repo, 'add', 'app/src/staged.ts');
  // Same size, same second as the index: a racily clean entry that only a content comparison notices.
  write(path.join(app, 'src', 'edited.ts'), 'export const edited = 2;\n');
  write(path.join(app, 'src', 'new file.ts'), 'untracked\n');
  write(path.join(app, 'ignored.ts'), 'ignored\n');
  return { repo, app };
}

describe('sinceScope', () => {
  it('lists committed, staged and untracked changes since the merge base, relative to the analyzed folder, and working-tree edits of the files asked about', () => {
    const { app } = repository();
    const scope = sinceScope(app, 'main');
    expect([...scope.files].sort()).toEqual(['src/committed.ts', 'src/new file.ts', 'src/staged.ts']);
    scope.addWorkingTreeEdits(['src/edited.ts', 'src/same.ts', 'src/gone.ts', 'src/committed.ts', 'not/tracked.ts']);
    expect([...scope.files].sort()).toEqual(['src/committed.ts', 'src/edited.ts', 'src/new file.ts', 'src/staged.ts']);
  });

  it('counts a deleted file as changed', () => {
    const { app } = repository();
    execFileSync('rm', [path.join(app, 'src', 'gone.ts')]);
    const scope = sinceScope(app, 'main');
    scope.addWorkingTreeEdits(['src/gone.ts']);
    expect(scope.files.has('src/gone.ts')).toBe(true);
  });

  it('never runs a program named by the repository config: fsmonitor, hooks, filters, textconv, external diff, pager', () => {
    const { repo, app } = repository();
    const marker = path.join(repo, 'ran');
    const script = path.join(repo, 'evil.sh');
    writeFileSync(script, `#!/bin/sh\necho "$0 $*" >> '${marker}'\ncat\n`);
    chmodSync(script, 0o755);
    for (const [key, value] of [
      ['core.fsmonitor', script],
      ['core.hooksPath', repo],
      ['core.pager', script],
      ['filter.evil.clean', script],
      ['filter.evil.smudge', script],
      ['filter.evil.process', script],
      ['filter.evil.required', 'true'],
      ['diff.evil.textconv', script],
      ['diff.external', script],
    ] as const) {
      git(repo, 'config', key, value);
    }
    for (const hook of ['post-checkout', 'pre-commit', 'reference-transaction', 'post-index-change']) writeFileSync(path.join(repo, hook), `#!/bin/sh\necho hook >> '${marker}'\n`);
    writeFileSync(path.join(repo, '.gitattributes'), '* filter=evil diff=evil\n');
    write(path.join(app, 'src', 'edited.ts'), 'export const edited = 3;\n');
    const scope = sinceScope(app, 'main');
    scope.addWorkingTreeEdits(['src/edited.ts', 'src/same.ts']);
    expect(scope.files.has('src/edited.ts')).toBe(true);
    expect(existsSync(marker)).toBe(false);
  });

  it('says clearly when the folder is not a git work tree or the ref is unknown', () => {
    const plain = mkdtempSync(path.join(tmpdir(), 'archreview-nogit-'));
    expect(() => sinceScope(plain, 'main')).toThrow(`--since needs a git repository: ${plain} is not inside a git work tree`);
    const { app } = repository();
    expect(() => sinceScope(app, 'no-such-branch')).toThrow('--since: unknown git ref "no-such-branch" (fetch it first; a shallow clone needs its history, e.g. fetch-depth: 0)');
    expect(() => sinceScope(app, '--output=/tmp/x')).toThrow('--since: "--output=/tmp/x" is not a git ref');
  });
});
