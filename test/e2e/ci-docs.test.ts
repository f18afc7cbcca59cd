import { spawn } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CLI, tempDir } from '../helpers/cli.js';
import { append, copySampleSystem, edit, git } from '../helpers/ci.js';
import { REPO_ROOT } from '../helpers/fixtures.js';

/**
 * Runs the exact commands of docs/ci.md on a copy of the sample system in a git repository:
 * the setup and ratchet shell blocks, every `run` step of the GitHub Actions workflow and
 * every `script` line of the GitLab CI job. `npx archreview` runs the built CLI; `gh` is a
 * stand-in that records its arguments; `curl` is real and posts to a local stand-in of the
 * GitLab API; the `uses:` steps are checked by what they read.
 */
const DOC = readFileSync(path.join(REPO_ROOT, 'docs/ci.md'), 'utf8');

function block(name: string): { lang: string; text: string } {
  const match = new RegExp(`<!-- test: ${name} -->\\n\`\`\`(\\w+)\\n([\\s\\S]*?)\\n\`\`\``).exec(DOC);
  if (!match) throw new Error(`docs/ci.md has no block marked <!-- test: ${name} -->`);
  return { lang: match[1]!, text: match[2]! };
}

function yamlBlock(name: string): unknown {
  const { lang, text } = block(name);
  expect(lang).toBe('yaml');
  const indent = Math.min(...text.split('\n').filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return parse(text.split('\n').map((l) => l.slice(indent)).join('\n'));
}

const GITHUB_CONTEXT: Record<string, string> = { 'github.base_ref': 'main', 'github.token': 'test-token', 'github.event.pull_request.number': '7' };

/** Fills `${{ github.* }}` the way Actions would for a pull request; anything else is a test to update. */
function expressions(text: string, context = GITHUB_CONTEXT): string {
  return text.replace(/\$\{\{\s*([\w.]+)\s*\}\}/g, (_, key: string) => {
    if (!(key in context)) throw new Error(`docs/ci.md uses \${{ ${key} }}; add it to the test's context`);
    return context[key]!;
  });
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function sh(shell: string[], script: string, cwd: string, env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(shell[0]!, [...shell.slice(1), script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const BASH = ['bash', '--noprofile', '--norc', '-eo', 'pipefail', '-c']; // GitHub's `run` shell
const SH = ['sh', '-c']; // GitLab runs each line of a job's script

describe('docs/ci.md', { timeout: 180_000 }, () => {
  const repo = copySampleSystem('shop');
  const origin = path.join(path.dirname(repo), 'origin.git');
  const bin = tempDir('archreview-bin-');
  const ghLog = path.join(bin, 'gh.log');
  const report = (file: string): string => path.join(repo, 'archreview-report', file);
  const users = path.join(repo, 'services/notifications/src/clients/users.ts');
  const env: Record<string, string> = {
    PATH: `${bin}:${process.env.PATH}`,
    HOME: process.env.HOME ?? '/tmp',
    GIT_AUTHOR_NAME: 'ci',
    GIT_AUTHOR_EMAIL: 'ci@example.com',
    GIT_COMMITTER_NAME: 'ci',
    GIT_COMMITTER_EMAIL: 'ci@example.com',
    GIT_CONFIG_NOSYSTEM: '1',
  };
  const notes: { url: string; token: string | undefined; body: string }[] = [];
  const server = createServer((req, res) => {
    let data = '';
    req.on('data', (d: Buffer) => (data += d.toString()));
    req.on('end', () => {
      notes.push({ url: `${req.method} ${req.url}`, token: req.headers['private-token'] as string | undefined, body: new URLSearchParams(data).get('body') ?? '' });
      res.writeHead(201, { 'content-type': 'application/json' }).end('{"id":1}');
    });
  });

  beforeAll(async () => {
    writeFileSync(path.join(bin, 'npx'), `#!/bin/sh\n[ "$1" = "--yes" ] && shift\ncase "$1" in archreview|archreview@*) shift; exec "${process.execPath}" "${CLI}" "$@";; esac\necho "npx: unexpected $*" >&2; exit 99\n`);
    writeFileSync(path.join(bin, 'gh'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${ghLog}'\n`);
    chmodSync(path.join(bin, 'npx'), 0o755);
    chmodSync(path.join(bin, 'gh'), 0o755);
    git(repo, 'init', '-q');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'the shop');
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('setup: writes and commits the baseline', async () => {
    const run = await sh(BASH, block('setup').text, repo, env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Wrote archreview-baseline\.json \(\d+ findings\)\n/);
    expect(git(repo, 'ls-files', 'archreview-baseline.json').trim()).toBe('archreview-baseline.json');
    git(repo, 'clone', '-q', '--bare', repo, origin);
    git(repo, 'remote', 'add', 'origin', origin);
    git(repo, 'fetch', '-q', 'origin');
  });

  it('check: passes on the unchanged repository', async () => {
    const run = await sh(BASH, block('check').text, repo, env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('PASS no new findings at or above error');
  });

  it('GitHub Actions: the workflow fails on a pull request that adds a call without a timeout, annotates it, uploads SARIF and posts the summary', async () => {
    git(repo, 'checkout', '-q', '-b', 'feature');
    append(users, '\nexport async function fetchPreferences(userId: string): Promise<unknown> {\n  const response = await fetch(`${env.USERS_URL}/users/${encodeURIComponent(userId)}/preferences`);\n  return response.json();\n}\n');
    git(repo, 'commit', '-q', '-am', 'preferences');

    const workflow = yamlBlock('github') as { permissions: Record<string, string>; jobs: { archreview: { steps: { name?: string; uses?: string; run?: string; if?: string; env?: Record<string, string>; with?: Record<string, string> }[] } } };
    expect(workflow.permissions).toEqual({ contents: 'read', 'security-events': 'write', 'pull-requests': 'write' });
    const summary = path.join(bin, 'step-summary.md');
    const runs: Record<string, Run> = {};
    for (const step of workflow.jobs.archreview.steps) {
      for (const file of [...(step.if ?? '').matchAll(/hashFiles\('([^']+)'\)/g)].map((m) => m[1]!)) expect(existsSync(path.join(repo, file)), `${step.name}: ${file}`).toBe(true);
      if (step.uses?.startsWith('actions/checkout@') || step.uses?.startsWith('actions/setup-node@')) continue;
      if (step.uses?.startsWith('github/codeql-action/upload-sarif@')) {
        const sarif = JSON.parse(readFileSync(path.join(repo, step.with!.sarif_file!), 'utf8'));
        expect(sarif.version).toBe('2.1.0');
        expect(sarif.runs[0].results.filter((r: { baselineState: string }) => r.baselineState === 'new').map((r: { ruleId: string }) => r.ruleId)).toEqual(['missing-timeout']);
        continue;
      }
      expect(step.run, `step ${step.name ?? step.uses} is neither a known action nor a command`).toBeDefined();
      const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expressions(String(v))]));
      runs[step.name!] = await sh(BASH, expressions(step.run!), repo, { ...env, ...stepEnv, GITHUB_STEP_SUMMARY: summary });
    }
    const check = runs['archreview check']!;
    expect(check.stderr).toBe('');
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/^::error file=services\/notifications\/src\/clients\/users\.ts,line=\d+,title=archreview missing-timeout::notifications calls users without a timeout/m);
    expect(check.stdout).toContain('FAIL 1 new finding at or above error');
    const post = runs['Post the summary']!;
    expect(post.code).toBe(0);
    const comment = readFileSync(report('check-summary.md'), 'utf8');
    expect(comment).toContain('### archreview: 1 new finding\n');
    expect(readFileSync(summary, 'utf8')).toBe(comment);
    expect(readFileSync(ghLog, 'utf8')).toBe('pr comment 7 --edit-last --create-if-none --body-file archreview-report/check-summary.md\n');
  });

  it('GitLab CI: the job fails on the merge request, keeps the report as an artifact and posts the summary as a note', async () => {
    rmSync(path.join(repo, 'archreview-report'), { recursive: true });
    const job = (yamlBlock('gitlab') as { archreview: { script: string[]; after_script: string[]; artifacts: { when: string; paths: string[] } } }).archreview;
    const { port } = server.address() as AddressInfo;
    const ci = { ...env, CI_MERGE_REQUEST_IID: '7', CI_PROJECT_ID: '42', CI_API_V4_URL: `http://127.0.0.1:${port}/api/v4`, ARCHREVIEW_GITLAB_TOKEN: 'glpat-test' };
    let failed: Run | null = null;
    for (const line of job.script) {
      const run = await sh(SH, line, repo, ci);
      if (run.code !== 0) {
        failed = run;
        break;
      }
    }
    expect(failed?.code).toBe(1);
    expect(failed?.stdout).toContain('New findings (1):');
    for (const line of job.after_script) expect((await sh(SH, line, repo, ci)).code).toBe(0);
    for (const artifact of job.artifacts.paths) expect(existsSync(path.join(repo, artifact))).toBe(true);
    expect(existsSync(report('findings.sarif'))).toBe(true);
    expect(notes).toEqual([{ url: 'POST /api/v4/projects/42/merge_requests/7/notes', token: 'glpat-test', body: readFileSync(report('check-summary.md'), 'utf8') }]);
  });

  it('--since on GitHub and GitLab: the pull request is checked against the merge base with the target branch', async () => {
    // A fresh checkout has no report folder; untracked files count as changed.
    const fresh = (): void => rmSync(path.join(repo, 'archreview-report'), { recursive: true, force: true });
    fresh();
    const steps = yamlBlock('github-since') as { uses?: string; with?: Record<string, unknown>; run?: string; env?: Record<string, string> }[];
    expect(steps[0]).toMatchObject({ uses: 'actions/checkout@v4', with: { 'fetch-depth': 0 } });
    const step = steps.find((s) => s.run)!;
    const github = await sh(BASH, expressions(step.run!), repo, { ...env, BASE_REF: expressions(step.env!.BASE_REF!) });
    expect(github.code).toBe(1);
    expect(github.stdout).toContain('only files changed since origin/main (1 file)');
    fresh();
    const push = await sh(BASH, expressions(step.run!), repo, { ...env, BASE_REF: '' });
    expect(push.code).toBe(1);
    expect(push.stdout).not.toContain('only files changed since');

    const gitlab = yamlBlock('gitlab-since') as { variables: Record<string, unknown>; script: string[] };
    expect(gitlab.variables).toEqual({ GIT_DEPTH: 0 });
    git(repo, 'update-ref', '-d', 'refs/remotes/origin/main');
    const ci = { ...env, CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main' };
    const [fetch, check] = gitlab.script;
    fresh();
    expect((await sh(SH, fetch!, repo, ci)).code).toBe(0);
    const run = await sh(SH, check!, repo, ci);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('only files changed since origin/main (1 file)');
    expect(run.stdout).toContain('New findings (1):');
  });

  it('ratchet: a fix is dropped from the baseline, then the strict check passes', async () => {
    git(repo, 'checkout', '-q', 'main');
    edit(users, ["    headers: { accept: 'application/json' },", "    headers: { accept: 'application/json' },\n    signal: AbortSignal.timeout(2_000),"]);
    const before = readFileSync(path.join(repo, 'archreview-baseline.json'), 'utf8');
    const run = await sh(BASH, block('ratchet').text, repo, env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Updated archreview-baseline.json: dropped 1 fixed entry');
    expect(run.stdout).toMatch(/^ archreview-baseline\.json \| 7 -------$/m);
    expect(run.stdout.trimEnd().split('\n').at(-2)).toBe('PASS no new findings at or above error');
    expect(JSON.parse(readFileSync(path.join(repo, 'archreview-baseline.json'), 'utf8')).findings).toHaveLength(JSON.parse(before).findings.length - 1);
  });
});
