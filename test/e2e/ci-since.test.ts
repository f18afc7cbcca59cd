import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { append, checkJson, copySampleSystem, edit, git } from '../helpers/ci.js';

const EMPTY_BASELINE = '{ "schemaVersion": 1, "tool": "archreview", "findings": [] }\n';
const noTimeoutCall = (name: string): string => `\nexport async function ${name}(userId: string): Promise<unknown> {\n  const response = await fetch(\`\${env.USERS_URL}/users/\${userId}/${name}\`);\n  return response.json();\n}\n`;

/** `archreview check --since <ref>` with real git: the sample system in a subfolder `shop/` of a repository. */
describe('archreview check --since', { timeout: 180_000 }, () => {
  const repo = tempDir('archreview-since-');
  const root = path.join(repo, 'shop');
  cpSync(copySampleSystem(), root, { recursive: true });
  git(repo, 'init', '-q');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'the shop');
  const baseline = path.join(repo, 'archreview-baseline.json');
  const empty = path.join(repo, 'empty-baseline.json');
  writeFileSync(empty, EMPTY_BASELINE);
  const check = (...args: string[]) => {
    const out = tempDir();
    const result = runCli(['check', root, '--format', 'text,json', '--out', out, ...args]);
    return { ...result, json: checkJson(out) };
  };

  it('on an unchanged branch nothing is in scope, even against an empty baseline', () => {
    expect(runCli(['baseline', root, '--out', baseline, '--quiet']).code).toBe(0);
    const all = check('--baseline', empty);
    expect(all.code).toBe(1);
    expect(all.json.counts.new).toBeGreaterThan(10);
    const scoped = check('--baseline', empty, '--since', 'main');
    expect(scoped.code).toBe(0);
    expect(scoped.json.counts).toMatchObject({ new: 0, known: 0, fixed: 0 });
    expect(scoped.stdout).toContain('only files changed since main (0 files)');
  });

  it('reports new findings in committed, staged and working-tree changes, with paths relative to the analyzed folder, and fixed entries there', () => {
    git(repo, 'checkout', '-q', '-b', 'feature');
    const users = path.join(root, 'services/notifications/src/clients/users.ts');
    append(users, noTimeoutCall('preferences'));
    edit(users, ["    headers: { accept: 'application/json' },", "    headers: { accept: 'application/json' },\n    signal: AbortSignal.timeout(2_000),"]);
    git(repo, 'commit', '-q', '-am', 'preferences');
    const mail = path.join(root, 'services/notifications/src/clients/mail.ts');
    append(mail, noTimeoutCall('unsubscribe'));
    const result = check('--baseline', baseline, '--since', 'main');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(result.json.new.map((f) => `${f.ruleId} ${f.locations[0]!.file}`).sort()).toEqual([
      'missing-timeout services/notifications/src/clients/mail.ts',
      'missing-timeout services/notifications/src/clients/users.ts',
    ]);
    expect(result.json.fixed.map((e) => e.ruleId)).toEqual(['missing-timeout']);
    expect(result.stdout).toContain('only files changed since main (2 files)');

    git(repo, 'add', 'shop/services/notifications/src/clients/mail.ts');
    expect(check('--baseline', baseline, '--since', 'main').json.counts).toMatchObject({ new: 2, fixed: 1 });
    mkdirSync(path.join(root, 'services/notifications/src/jobs'));
    writeFileSync(path.join(root, 'services/notifications/src/jobs/digest.ts'), `import { env } from '../config.js';\n${noTimeoutCall('digest')}`);
    expect(check('--baseline', baseline, '--since', 'main').json.counts).toMatchObject({ new: 3, fixed: 1 });
  });

  it('against an empty baseline, only findings whose evidence touches a changed file are reported', () => {
    const scoped = check('--baseline', empty, '--since', 'main');
    const all = check('--baseline', empty);
    expect(scoped.json.counts.new).toBeGreaterThan(3);
    expect(scoped.json.counts.new).toBeLessThan(all.json.counts.new);
    const changed = new Set(['services/notifications/src/clients/users.ts', 'services/notifications/src/clients/mail.ts', 'services/notifications/src/jobs/digest.ts']);
    for (const f of scoped.json.new) expect(f.locations.some((l) => changed.has(l.file)), `${f.ruleId} ${JSON.stringify(f.locations)}`).toBe(true);
  });

  it('exits 2 with one clear line when the folder is not in a git repository or the ref is unknown', () => {
    const plain = copySampleSystem();
    const notGit = runCli(['check', plain, '--baseline', empty, '--since', 'main']);
    expect(notGit.code).toBe(2);
    expect(notGit.stdout).toBe('');
    expect(notGit.stderr).toBe(`archreview: --since needs a git repository: ${plain} is not inside a git work tree\n`);
    const unknown = runCli(['check', root, '--baseline', empty, '--since', 'origin/nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('archreview: --since: unknown git ref "origin/nope" (fetch it first; a shallow clone needs its history, e.g. fetch-depth: 0)\n');
  });
});
