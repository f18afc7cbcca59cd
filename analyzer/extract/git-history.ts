import { execFileSync } from 'node:child_process';
import type { HistoryOptions } from '../config/schema.js';
import type { Diagnostic, GitCommit, GitHistory, GitTag } from '../types/index.js';

/**
 * Settings that keep git from running anything the analyzed repository configures: no
 * fsmonitor hook, no hooks, no signature checks (gpg), no external diff or text
 * conversion, no pager, and no implicit bare repositories hidden inside the tree.
 */
const SAFE_CONFIG = ['-c', 'core.fsmonitor=', '-c', 'core.hooksPath=/dev/null', '-c', 'log.showSignature=false', '-c', 'safe.bareRepository=explicit', '-c', 'core.quotePath=false', '--no-pager'];
const TIMEOUT_MS = 120_000;
const MAX_OUTPUT = 512 * 1024 * 1024;

/** Runs git in `cwd` with execFile (no shell) and an environment without GIT_* variables. */
export type GitRunner = (args: string[], cwd: string) => string;

export const runGit: GitRunner = (args, cwd) => {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('GIT_')) env[key] = value;
  env.GIT_TERMINAL_PROMPT = '0';
  env.GIT_OPTIONAL_LOCKS = '0';
  env.LC_ALL = 'C';
  return execFileSync('git', [...SAFE_CONFIG, ...args], { cwd, env, encoding: 'utf8', timeout: TIMEOUT_MS, maxBuffer: MAX_OUTPUT, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
};

/**
 * Reads the history of the files under `root`: the newest `maxCommits` non-merge commits
 * (author, committer time, files changed, paths relative to `root`) and the tags. Returns
 * null, with an info diagnostic, when history is turned off, git is missing, or `root` is
 * not inside a work tree with commits.
 */
export function readGitHistory(root: string, options: HistoryOptions, diagnostics: Diagnostic[], git: GitRunner = runGit): GitHistory | null {
  if (!options.enabled) {
    diagnostics.push({ level: 'info', code: 'git-history-off', message: 'git history not read: history.enabled is false in archreview.yaml; history signals are unknown' });
    return null;
  }
  let head: string;
  let headTime: number;
  let shallow = false;
  try {
    const [hash, time] = git(['log', '-1', '--format=%H%x1f%ct', 'HEAD'], root).trim().split('\x1f');
    if (!hash || !/^[0-9a-f]{40,64}$/.test(hash) || !time) throw new Error('unexpected output of git log');
    head = hash;
    headTime = Number(time);
    shallow = git(['rev-parse', '--is-shallow-repository'], root).trim() === 'true';
  } catch (error) {
    diagnostics.push({ level: 'info', code: 'git-history-unavailable', message: `git history not read (${gitError(error)}); history signals are unknown` });
    return null;
  }
  const limit = options.maxCommits;
  let commits: GitCommit[];
  let tags: GitTag[];
  try {
    const log = git(
      ['log', '-z', '--no-merges', '--no-renames', '--no-ext-diff', '--no-textconv', '--name-only', '--relative', '--format=%x1e%H%x1f%ct%x1f%aN%x1f%aE', '-n', String(limit + 1), 'HEAD', '--', '.'],
      root,
    );
    commits = parseLog(log);
    const refs = git(['for-each-ref', '--sort=-creatordate', `--count=${limit}`, '--format=%(refname:short)%1f%(creatordate:unix)', 'refs/tags'], root);
    tags = refs
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split('\x1f'))
      .flatMap(([name, time]) => (name && time && Number.isFinite(Number(time)) ? [{ name, time: Number(time) }] : []));
  } catch (error) {
    diagnostics.push({ level: 'warning', code: 'git-history-unreadable', message: `git history could not be read (${gitError(error)}); history signals are unknown` });
    return null;
  }
  if (!commits.length) {
    diagnostics.push({ level: 'info', code: 'git-history-empty', message: 'no commit of the git history changes files under the analyzed folder; history signals are unknown' });
    return null;
  }
  const bounded = commits.length > limit;
  if (bounded) {
    commits = commits.slice(0, limit);
    diagnostics.push({ level: 'info', code: 'git-history-bounded', message: `read the newest ${limit} commits of the git history; older commits were left out (history.maxCommits)` });
  }
  return { head, headTime, commits, bounded, limit, shallow, tags };
}

/** `git log -z --name-only` with a format starting with \x1e: one record per commit. */
export function parseLog(text: string): GitCommit[] {
  const commits: GitCommit[] = [];
  for (const record of text.split('\x1e')) {
    if (!record) continue;
    const end = record.indexOf('\0');
    const header = end >= 0 ? record.slice(0, end) : record.trimEnd();
    const [hash, time, author, email] = header.split('\x1f');
    if (!hash || !time) continue;
    const files = (end >= 0 ? record.slice(end + 1) : '')
      .split('\0')
      .map((f) => f.replace(/^\n/, ''))
      .filter(Boolean);
    commits.push({ hash, time: Number(time), author: author ?? '', email: (email ?? '').toLowerCase(), files: [...new Set(files)].sort() });
  }
  return commits;
}

function gitError(error: unknown): string {
  const e = error as NodeJS.ErrnoException & { stderr?: string; signal?: string };
  if (e.code === 'ENOENT') return 'git is not installed';
  if (e.signal === 'SIGTERM') return 'git took too long';
  if (e.code === 'ENOBUFS') return 'git printed more than archreview reads';
  const stderr = String(e.stderr ?? '');
  if (/not a git repository/i.test(stderr)) return 'the folder is not inside a git work tree';
  if (/does not have any commits|bad default revision|unknown revision|ambiguous argument 'HEAD'/i.test(stderr)) return 'the repository has no commits';
  if (/dubious ownership/i.test(stderr)) return 'git refuses the repository because another user owns it (safe.directory)';
  if (/cannot use bare repository/i.test(stderr)) return 'the folder is inside a bare repository, which archreview does not read';
  const line = stderr.split('\n').find((l) => l.trim()) ?? String(e.message ?? error).split('\n')[0] ?? '';
  // Paths in git's messages are absolute: keep them out of the Report.
  return `git failed: ${line.replace(/^(fatal|error):\s*/, '').replace(/(['"]?)\/[^\s'"]*\1/g, '<path>').trim().slice(0, 200)}`;
}
