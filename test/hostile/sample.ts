import { execFileSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../helpers/fixtures.js';

/** Whether git can be run here (the copy then gets a history of its own). */
function hasGit(): boolean {
  try {
    execFileSync('git', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Copies the sample system (without node_modules) into `dir` and makes it a git repository
 * with one commit at a fixed date, so runs read the same history however this repository's
 * own history moves while the tests run.
 */
export function copySample(dir: string): void {
  cpSync(path.join(REPO_ROOT, 'sample-system'), dir, { recursive: true, filter: (src) => path.basename(src) !== 'node_modules' });
  if (!hasGit()) return;
  const env = { PATH: process.env.PATH ?? '', HOME: dir, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_DATE: '2024-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2024-01-01T00:00:00Z' };
  const git = (...args: string[]): void => {
    execFileSync('git', ['-c', 'user.email=sample@example.com', '-c', 'user.name=sample', '-c', 'core.hooksPath=/dev/null', ...args], { cwd: dir, env, stdio: 'ignore' });
  };
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'sample system');
}
