import { appendFileSync, cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deserialize } from 'node:v8';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/fixtures.js';
import { git } from '../helpers/ci.js';
import { runCli, tempDir } from '../helpers/cli.js';

// --cache: a run on an unchanged folder reuses the report, a run after a change reads only the
// changed files again, and every cached run writes exactly what an uncached run writes.

const FORMATS = 'json,md,sarif,html';

function outputs(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((name) => [name, readFileSync(path.join(dir, name), 'utf8')]));
}

function run(root: string, extra: string[] = [], env: Record<string, string> = {}): { files: Record<string, string>; stderr: string } {
  const out = tempDir('archreview-cache-out-');
  const result = runCli([root, '--out', out, '--format', FORMATS, '--quiet', '--fail-on', 'never', ...extra], { env: { ARCHREVIEW_TIMING: '1', ...env } });
  expect(result.code, result.stderr).toBe(0);
  return { files: outputs(out), stderr: result.stderr };
}

const cacheLine = (stderr: string): string => /^cache: (.*) \(/m.exec(stderr)?.[1] ?? 'no cache line';

describe('archreview --cache', () => {
  let root: string;
  let cacheDir: string;
  beforeAll(() => {
    root = path.join(tempDir('archreview-cache-'), 'sample-system');
    cpSync(path.join(REPO_ROOT, 'sample-system'), root, { recursive: true, filter: (src) => !src.split(path.sep).includes('node_modules') });
    cacheDir = tempDir('archreview-cache-dir-');
  });

  it('writes what an uncached run writes, then reuses the report while nothing changes', () => {
    const home = tempDir('archreview-home-');
    const uncached = run(root, [], { HOME: home });
    expect(cacheLine(uncached.stderr)).toBe('no cache line');
    expect(readdirSync(home)).toEqual([]); // nothing kept without --cache
    const first = run(root, ['--cache-dir', cacheDir]);
    expect(cacheLine(first.stderr)).toMatch(/^0 source files reused, \d+ read$/);
    expect(first.files).toEqual(uncached.files);
    const second = run(root, ['--cache-dir', cacheDir]);
    expect(cacheLine(second.stderr)).toBe('report reused');
    expect(second.files).toEqual(uncached.files);
  });

  it('uses ARCHREVIEW_CACHE_DIR with --cache', () => {
    const base = tempDir('archreview-cache-env-');
    const first = run(root, ['--cache'], { ARCHREVIEW_CACHE_DIR: base });
    expect(cacheLine(first.stderr)).toMatch(/read$/);
    expect(first.stderr).toContain(base);
    expect(cacheLine(run(root, ['--cache'], { ARCHREVIEW_CACHE_DIR: base }).stderr)).toBe('report reused');
  });

  it('reads a changed source file again and only that one, and its new finding shows', () => {
    const before = run(root, ['--cache-dir', cacheDir]);
    appendFileSync(
      path.join(root, 'services/orders/src/health.ts'),
      "\nexport async function inventoryStatus(): Promise<unknown> {\n  const res = await fetch('http://inventory:3003/stock/summary');\n  return res.json();\n}\n",
    );
    const after = run(root, ['--cache-dir', cacheDir]);
    expect(cacheLine(after.stderr)).toMatch(/^\d+ source files reused, 1 read$/);
    expect(after.files).toEqual(run(root).files);
    const findings = (files: Record<string, string>): { ruleId: string }[] => JSON.parse(files['archreview.json']!).findings;
    expect(findings(after.files).length).toBeGreaterThan(findings(before.files).length);
  });

  it('analyzes again when a manifest, an env file or the settings change', () => {
    run(root, ['--cache-dir', cacheDir]);
    const compose = path.join(root, 'docker-compose.yml');
    writeFileSync(compose, `${readFileSync(compose, 'utf8')}\n# a comment changes the bytes, not the system\n`);
    const afterCompose = run(root, ['--cache-dir', cacheDir]);
    expect(cacheLine(afterCompose.stderr)).toMatch(/source files reused/);
    expect(afterCompose.files).toEqual(run(root).files);

    const env = path.join(root, '.env');
    writeFileSync(env, `${readFileSync(env, 'utf8')}\nORDERS_EXTRA=1\n`);
    const afterEnv = run(root, ['--cache-dir', cacheDir]);
    expect(cacheLine(afterEnv.stderr)).toMatch(/source files reused/);
    expect(afterEnv.files).toEqual(run(root).files);

    const config = path.join(root, 'archreview.yaml');
    writeFileSync(config, `${readFileSync(config, 'utf8')}\nrules:\n  missing-timeout: off\n`);
    const afterConfig = run(root, ['--cache-dir', cacheDir]);
    expect(cacheLine(afterConfig.stderr)).toMatch(/source files reused/);
    expect(afterConfig.files).toEqual(run(root).files);
  });

  it('keeps one cache folder per analyzed folder, and survives a corrupt cache file', () => {
    const dirs = readdirSync(cacheDir);
    expect(dirs).toHaveLength(1);
    for (const name of readdirSync(path.join(cacheDir, dirs[0]!))) writeFileSync(path.join(cacheDir, dirs[0]!, name), 'not a cache');
    const corrupt = run(root, ['--cache-dir', cacheDir]);
    expect(cacheLine(corrupt.stderr)).toMatch(/^0 source files reused, \d+ read$/);
    expect(corrupt.files).toEqual(run(root).files);
  });

  it('checks files read beyond the file list (an excluded env_file) before reusing a report', () => {
    const dir = tempDir('archreview-cache-outside-');
    writeFileSync(path.join(dir, 'docker-compose.yml'), 'services:\n  api:\n    image: node:20\n    env_file: settings.env\n    ports: ["8080:8080"]\n');
    writeFileSync(path.join(dir, 'archreview.yaml'), 'exclude: ["settings.env"]\n');
    writeFileSync(path.join(dir, 'settings.env'), 'LOG_LEVEL=info\n');
    const cache = tempDir('archreview-cache-dir-');
    run(dir, ['--cache-dir', cache]);
    expect(cacheLine(run(dir, ['--cache-dir', cache]).stderr)).toBe('report reused');
    writeFileSync(path.join(dir, 'settings.env'), 'LOG_LEVEL=info\nDATABASE_PASSWORD=s3cr3t-Passw0rd-2024\n');
    const after = run(dir, ['--cache-dir', cache]);
    expect(cacheLine(after.stderr)).not.toBe('report reused');
    expect(after.files).toEqual(run(dir).files);
  });

  it('never opens a path outside the analyzed folder to hash it', () => {
    const top = tempDir('archreview-cache-escape-');
    const dir = path.join(top, 'repo');
    mkdirSync(dir);
    writeFileSync(path.join(top, 'secret.txt'), 'TOKEN=not-yours\n');
    writeFileSync(path.join(dir, 'docker-compose.yml'), 'services:\n  api:\n    image: node:20\n    env_file: ../secret.txt\n');
    const cache = tempDir('archreview-cache-dir-');
    run(dir, ['--cache-dir', cache]);
    const sub = readdirSync(cache)[0]!;
    const stored = deserialize(readFileSync(path.join(cache, sub, 'reports.bin'))) as { entries: Map<string, { outside: [string, string][] }> };
    const outside = [...stored.entries.values()].flatMap((entry) => entry.outside.map(([rel]) => rel));
    expect(outside.filter((rel) => rel.includes('..'))).toEqual([]);
  });

  it('refuses a cache folder inside the analyzed folder, with one line', () => {
    const link = path.join(tempDir('archreview-cache-link-'), 'into-root');
    symlinkSync(root, link);
    for (const dir of [path.join(root, '.cache'), path.join(root, '..cache'), path.join(link, 'cache')]) {
      const result = runCli([root, '--out', tempDir(), '--quiet', '--cache-dir', dir]);
      expect(result.code, dir).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain('inside the analyzed folder');
    }
  });

  it('keeps no report made while a file ran out of time (it depends on the machine, not the files)', () => {
    const dir = tempDir('archreview-cache-slow-');
    writeFileSync(path.join(dir, 'docker-compose.yml'), 'services:\n  api:\n    build: ./api\n');
    writeFileSync(path.join(dir, 'archreview.yaml'), 'limits:\n  perFileMs: 1\n');
    const calls = Array.from({ length: 40_000 }, (_, i) => `f(${i});`).join('\n');
    writeFileSync(path.join(dir, 'package.json'), '{"name":"shop"}\n');
    mkdirSync(path.join(dir, 'api'));
    writeFileSync(path.join(dir, 'api/index.ts'), `function f(n: number): number {\n  return n;\n}\n${calls}\n`);
    const cache = tempDir('archreview-cache-dir-');
    const first = run(dir, ['--cache-dir', cache]);
    expect(JSON.parse(first.files['archreview.json']!).diagnostics.map((d: { code: string }) => d.code)).toContain('time-limit');
    expect(cacheLine(run(dir, ['--cache-dir', cache]).stderr)).toBe('0 source files reused, 1 read');
  });

  it('analyzes again after a commit or a tag, since the scorecard reads the history', () => {
    const repo = path.join(tempDir('archreview-cache-git-'), 'shop');
    cpSync(root, repo, { recursive: true });
    git(repo, 'init', '-q');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'first');
    const cache = tempDir('archreview-cache-dir-');
    run(repo, ['--cache-dir', cache]);
    expect(cacheLine(run(repo, ['--cache-dir', cache]).stderr)).toBe('report reused');
    git(repo, 'commit', '-q', '--allow-empty', '-m', 'second');
    const afterCommit = run(repo, ['--cache-dir', cache]);
    expect(cacheLine(afterCommit.stderr)).toMatch(/source files reused/);
    expect(afterCommit.files).toEqual(run(repo).files);
    git(repo, 'tag', 'v1.0.0');
    const afterTag = run(repo, ['--cache-dir', cache]);
    expect(cacheLine(afterTag.stderr)).toMatch(/source files reused/);
    expect(afterTag.files).toEqual(run(repo).files);
  });
});
