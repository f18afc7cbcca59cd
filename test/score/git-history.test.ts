import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../analyzer/config/schema.js';
import { readGitHistory } from '../../analyzer/extract/git-history.js';
import { changeCoupling, summarizeHistory } from '../../analyzer/score/history-signals.js';
import type { Diagnostic, GitHistory } from '../../analyzer/types/index.js';
import { tempDir } from '../helpers/cli.js';
import { TestRepo } from './git-repo.js';

const OPTIONS = DEFAULT_CONFIG.history;
const seconds = (iso: string): number => Date.parse(iso) / 1000;
const serviceOf = (file: string): string | null => /^svc\/([^/]+)\//.exec(file)?.[1] ?? null;

/**
 * Oldest first. HEAD is 2024-06-30 12:00 UTC, so the 90-day window starts 2024-04-01 12:00:
 * the first commit is older than that and counts for coupling but not for recent activity.
 */
function buildRepo(): TestRepo {
  const repo = TestRepo.empty();
  repo.commit({ author: 'Ann Archer', date: '2024-01-01T09:00:00Z', files: ['svc/a/x.ts', 'svc/b/y.ts', 'svc/c/z.ts', 'README.md'] });
  repo.tag('v0', '2024-02-01T10:00:00Z');
  repo.commit({ author: 'Ann Archer', date: '2024-04-15T09:00:00Z', files: ['svc/a/x.ts', 'svc/b/y.ts'] });
  repo.commit({ author: 'Bob Baker', date: '2024-05-01T09:00:00Z', files: ['svc/a/x.ts', 'svc/b/other.ts'] });
  repo.tag('v1');
  repo.commit({ author: 'Bob Baker', date: '2024-05-20T09:00:00Z', files: ['svc/a/x.ts'] });
  repo.commit({ author: 'Cy Cole', date: '2024-06-01T09:00:00Z', files: ['svc/c/z.ts'] });
  repo.commit({ author: 'Ann Archer', date: '2024-06-10T09:00:00Z', files: ['svc/a/x.ts', 'svc/b/y.ts'] });
  repo.commit({ author: 'Dee Dunn', email: 'Dee@Example.COM', date: '2024-06-30T12:00:00Z', files: ['README.md'] });
  return repo;
}

describe('readGitHistory (real git)', () => {
  let repo: TestRepo;
  let history: GitHistory;
  const diagnostics: Diagnostic[] = [];
  beforeAll(() => {
    repo = buildRepo();
    history = readGitHistory(repo.dir, OPTIONS, diagnostics)!;
  });

  it('reads every non-merge commit with author, e-mail, committer time and files, newest first', () => {
    expect(diagnostics).toEqual([]);
    expect(history.head).toBe(repo.git(['rev-parse', 'HEAD']).trim());
    expect(history.headTime).toBe(seconds('2024-06-30T12:00:00Z'));
    expect(history.bounded).toBe(false);
    expect(history.shallow).toBe(false);
    expect(history.commits.map((c) => [c.author, c.email, new Date(c.time * 1000).toISOString(), c.files])).toEqual([
      ['Dee Dunn', 'dee@example.com', '2024-06-30T12:00:00.000Z', ['README.md']],
      ['Ann Archer', 'ann@example.com', '2024-06-10T09:00:00.000Z', ['svc/a/x.ts', 'svc/b/y.ts']],
      ['Cy Cole', 'cy@example.com', '2024-06-01T09:00:00.000Z', ['svc/c/z.ts']],
      ['Bob Baker', 'bob@example.com', '2024-05-20T09:00:00.000Z', ['svc/a/x.ts']],
      ['Bob Baker', 'bob@example.com', '2024-05-01T09:00:00.000Z', ['svc/a/x.ts', 'svc/b/other.ts']],
      ['Ann Archer', 'ann@example.com', '2024-04-15T09:00:00.000Z', ['svc/a/x.ts', 'svc/b/y.ts']],
      ['Ann Archer', 'ann@example.com', '2024-01-01T09:00:00.000Z', ['README.md', 'svc/a/x.ts', 'svc/b/y.ts', 'svc/c/z.ts']],
    ]);
  });

  it('reads tags with their dates: an annotated tag by its own date, a lightweight one by its commit', () => {
    expect(history.tags).toEqual([
      { name: 'v1', time: seconds('2024-05-01T09:00:00Z') },
      { name: 'v0', time: seconds('2024-02-01T10:00:00Z') },
    ]);
  });

  it('reads only the history of a subfolder when that is the analyzed root, with paths relative to it', () => {
    const sub = readGitHistory(path.join(repo.dir, 'svc'), OPTIONS, [])!;
    expect(sub.commits.map((c) => c.files)).toEqual([['a/x.ts', 'b/y.ts'], ['c/z.ts'], ['a/x.ts'], ['a/x.ts', 'b/other.ts'], ['a/x.ts', 'b/y.ts'], ['a/x.ts', 'b/y.ts', 'c/z.ts']]);
    expect(sub.headTime).toBe(seconds('2024-06-30T12:00:00Z'));
  });

  it('bounds the log at maxCommits and says so', () => {
    const found: Diagnostic[] = [];
    const bounded = readGitHistory(repo.dir, { ...OPTIONS, maxCommits: 3 }, found)!;
    expect(bounded.commits.map((c) => c.author)).toEqual(['Dee Dunn', 'Ann Archer', 'Cy Cole']);
    expect(bounded.bounded).toBe(true);
    expect(found).toEqual([{ level: 'info', code: 'git-history-bounded', message: 'read the newest 3 commits of the git history; older commits were left out (history.maxCommits)' }]);
  });

  it('runs nothing the repository configures (fsmonitor, pager, external diff)', () => {
    const marker = path.join(tempDir(), 'ran');
    const other = buildRepo();
    for (const key of ['core.fsmonitor', 'core.pager', 'diff.external']) other.git(['config', key, `touch ${marker}`]);
    expect(readGitHistory(other.dir, OPTIONS, [])?.commits).toHaveLength(7);
    expect(existsSync(marker)).toBe(false);
  });
});

describe('readGitHistory without history', () => {
  it('skips a folder outside any work tree with a diagnostic', () => {
    const found: Diagnostic[] = [];
    expect(readGitHistory(tempDir(), OPTIONS, found)).toBeNull();
    expect(found).toEqual([{ level: 'info', code: 'git-history-unavailable', message: 'git history not read (the folder is not inside a git work tree); history signals are unknown' }]);
  });

  it('skips a repository without commits with a diagnostic', () => {
    const found: Diagnostic[] = [];
    expect(readGitHistory(TestRepo.empty().dir, OPTIONS, found)).toBeNull();
    expect(found).toEqual([{ level: 'info', code: 'git-history-unavailable', message: 'git history not read (the repository has no commits); history signals are unknown' }]);
  });

  it('runs no git at all when history is turned off', () => {
    const found: Diagnostic[] = [];
    const never = (): string => {
      throw new Error('git ran');
    };
    expect(readGitHistory(buildRepo().dir, { ...OPTIONS, enabled: false }, found, never)).toBeNull();
    expect(found.map((d) => d.code)).toEqual(['git-history-off']);
  });
});

describe('history signals', () => {
  let history: GitHistory;
  beforeAll(() => {
    history = readGitHistory(buildRepo().dir, OPTIONS, [])!;
  });

  it('counts authors, commits per week and coupling relative to HEAD, not to the clock', () => {
    const summary = summarizeHistory(history, ['a', 'b', 'c'], serviceOf, 90);
    expect(summary).toEqual({
      head: history.head,
      headDate: '2024-06-30',
      windowDays: 90,
      commitsRead: 7,
      bounded: false,
      shallow: false,
      activeAuthors: 4,
      services: [
        { service: 'a', revisions: 5, commitsInWindow: 4, commitsPerWeek: 0.31, authors: ['Ann Archer', 'Bob Baker'] },
        { service: 'b', revisions: 4, commitsInWindow: 3, commitsPerWeek: 0.23, authors: ['Ann Archer', 'Bob Baker'] },
        { service: 'c', revisions: 2, commitsInWindow: 1, commitsPerWeek: 0.08, authors: ['Cy Cole'] },
      ],
      coupling: [{ a: 'a', b: 'b', support: 4, revisionsA: 5, revisionsB: 4, confidenceAB: 0.8, confidenceBA: 1, degree: 0.89, strong: true }],
      couplingSkipped: 0,
      releases: { tags: 2, inWindow: 1, perWeek: 0.08 },
    });
  });

  it('a shorter window sees fewer authors', () => {
    const summary = summarizeHistory(history, ['a', 'b', 'c'], serviceOf, 30);
    expect(summary.activeAuthors).toBe(3);
    expect(summary.services.map((s) => [s.service, s.commitsInWindow, s.commitsPerWeek])).toEqual([
      ['a', 1, 0.23],
      ['b', 1, 0.23],
      ['c', 1, 0.23],
    ]);
  });

  it('leaves sweeping commits out of change coupling', () => {
    const summary = summarizeHistory(history, ['a', 'b', 'c', 'd'], serviceOf, 90);
    // With four services, the first commit changes three of them: more than half, a sweep.
    expect(summary.couplingSkipped).toBe(1);
    expect(summary.coupling).toEqual([{ a: 'a', b: 'b', support: 3, revisionsA: 4, revisionsB: 3, confidenceAB: 0.75, confidenceBA: 1, degree: 0.86, strong: true }]);
  });
});

describe('changeCoupling', () => {
  it('support, confidence both ways and degree; pairs under two shared commits are left out', () => {
    expect(changeCoupling([['x', 'y'], ['x', 'y'], ['x'], ['x', 'z'], ['y', 'x', 'y']])).toEqual([
      { a: 'x', b: 'y', support: 3, revisionsA: 5, revisionsB: 3, confidenceAB: 0.6, confidenceBA: 1, degree: 0.75, strong: true },
    ]);
  });

  it('is weak below three shared commits or below degree 0.6', () => {
    expect(changeCoupling([['p', 'q'], ['p', 'q'], ['p'], ['q']]).map((c) => [c.support, c.degree, c.strong])).toEqual([[2, 0.67, false]]);
    expect(changeCoupling([['p', 'q'], ['p', 'q'], ['p', 'q'], ['p'], ['p'], ['p'], ['p'], ['q'], ['q'], ['q']]).map((c) => [c.support, c.degree, c.strong])).toEqual([[3, 0.46, false]]);
  });
});
