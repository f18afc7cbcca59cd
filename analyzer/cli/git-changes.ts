import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from './usage-error.js';

/**
 * Files changed since a git ref, relative to the analyzed folder (`--since`): committed and
 * staged changes since the merge base of the ref and HEAD, untracked files, and, among the
 * files a caller asks about, working-tree edits not staged yet. Errors (not a repository,
 * unknown ref, no git) are UsageErrors with one clear line, raised before any analysis.
 *
 * The analyzed repository is untrusted, and so is its `.git/config`. git runs without a
 * shell, with fsmonitor and hooks off, and only in ways that never start a program the
 * repository's config names: no comparison that reads the working tree (that would run
 * `filter.<driver>.clean` for racily clean files), no external diff, no textconv. Working-tree
 * edits are found by hashing the files here, the way git hashes a blob, without filters.
 */
export interface SinceScope {
  /** Changed files, relative to the analyzed folder. */
  files: Set<string>;
  /** Adds those of the given files whose working-tree content differs from the index. */
  addWorkingTreeEdits(candidates: Iterable<string>): void;
}

export function sinceScope(root: string, ref: string): SinceScope {
  if (!ref || ref.startsWith('-') || /[\s\u0000-\u001f]/.test(ref)) throw new UsageError(`--since: "${ref}" is not a git ref`);
  const inside = git(root, ['rev-parse', '--is-inside-work-tree']);
  if (inside.status !== 0 || inside.stdout.trim() !== 'true') {
    if (/not a git repository/i.test(inside.stderr) || inside.stdout.trim() === 'false') throw new UsageError(`--since needs a git repository: ${root} is not inside a git work tree`);
    throw gitError(inside.stderr);
  }
  const verified = git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (verified.status !== 0) throw new UsageError(`--since: unknown git ref "${ref}" (fetch it first; a shallow clone needs its history, e.g. fetch-depth: 0)`);
  const base = git(root, ['merge-base', verified.stdout.trim(), 'HEAD']);
  if (base.status !== 0) throw new UsageError(`--since: "${ref}" and HEAD have no common history (${firstLine(base.stderr) || 'no merge base'}; a shallow clone needs fetch-depth: 0)`);

  const files = new Set<string>();
  const add = (out: string): void => {
    for (const file of out.split('\u0000')) if (file) files.add(file);
  };
  add(ok(git(root, ['diff', '--cached', '--name-only', '-z', '--no-renames', '--no-ext-diff', '--no-textconv', '--relative', base.stdout.trim(), '--'])).stdout);
  add(ok(git(root, ['ls-files', '--others', '--exclude-standard', '-z'])).stdout);

  return {
    files,
    addWorkingTreeEdits(candidates) {
      const wanted = [...new Set(candidates)].filter((file) => !files.has(file));
      if (!wanted.length) return;
      const format = git(root, ['rev-parse', '--show-object-format']);
      const algorithm = format.status === 0 && format.stdout.trim() === 'sha256' ? 'sha256' : 'sha1';
      const index = new Map<string, { mode: string; blob: string }>();
      for (const entry of ok(git(root, ['ls-files', '--stage', '-z'])).stdout.split('\u0000')) {
        const match = /^(\d{6}) ([0-9a-f]+) (\d)\t(.*)$/s.exec(entry);
        if (match && match[3] === '0') index.set(match[4]!, { mode: match[1]!, blob: match[2]! });
        else if (match) files.add(match[4]!); // a merge conflict
      }
      for (const file of wanted) {
        const entry = index.get(file);
        if (entry && entry.mode !== '160000' && workingBlob(path.join(root, file), entry.mode, algorithm) !== entry.blob) files.add(file);
      }
    },
  };
}

/** The blob id git would give the working-tree file, or null when it is gone. */
function workingBlob(file: string, mode: string, algorithm: 'sha1' | 'sha256'): string | null {
  try {
    const stat = lstatSync(file);
    const content = mode === '120000' && stat.isSymbolicLink() ? Buffer.from(readlinkSync(file)) : stat.isFile() ? readFileSync(file) : null;
    if (!content) return null;
    return createHash(algorithm).update(`blob ${content.length}\u0000`).update(content).digest('hex');
  } catch {
    return null;
  }
}

interface GitResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Variables that would point git at another repository than the analyzed one. */
const LOCATION_VARIABLES = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_COMMON_DIR', 'GIT_NAMESPACE', 'GIT_PREFIX'];

function git(cwd: string, args: string[]): GitResult {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', PAGER: 'cat' };
  for (const name of LOCATION_VARIABLES) delete env[name];
  delete env.GIT_EXTERNAL_DIFF;
  const result = spawnSync('git', ['-c', 'core.fsmonitor=', '-c', 'core.hooksPath=/dev/null', '--no-pager', ...args], {
    cwd,
    env,
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
    shell: false,
  });
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? '--since needs git, and git is not on the PATH' : `--since: could not run git (${result.error.message})`);
  }
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function ok(result: GitResult): GitResult {
  if (result.status !== 0) throw gitError(result.stderr);
  return result;
}

function gitError(stderr: string): UsageError {
  const line = firstLine(stderr);
  if (/dubious ownership/i.test(stderr)) return new UsageError(`--since: git refuses to read this repository (dubious ownership: ${line}); see git config safe.directory`);
  return new UsageError(`--since: git failed: ${line || 'unknown error'}`);
}

function firstLine(text: string): string {
  return (text.trim().split('\n')[0] ?? '').replace(/^(fatal|error):\s*/, '');
}
