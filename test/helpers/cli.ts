import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Report } from '../../analyzer/types/index.js';
import { REPO_ROOT } from './fixtures.js';

export const CLI = path.join(REPO_ROOT, 'dist/analyzer/cli/bin.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (npm test builds first) with a clean environment. */
export function runCli(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
    timeout: 120_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export function tempDir(prefix = 'archreview-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** Analyzes a folder with the CLI and returns the Report it wrote. */
export function analyzeWithCli(dir: string, extra: string[] = []): { report: Report; result: CliResult; out: string } {
  const out = tempDir();
  const result = runCli([dir, '--out', out, '--format', 'json', '--quiet', ...extra]);
  if (result.code !== 0 && result.code !== 1) throw new Error(`archreview exited ${result.code}: ${result.stderr}`);
  const report = JSON.parse(readFileSync(path.join(out, 'archreview.json'), 'utf8')) as Report;
  return { report, result, out };
}

/** `from -> to kind` lines of a report's edges, for compact exact assertions. */
export function edgeList(report: Report): string[] {
  return report.edges.map((e) => `${e.from} -> ${e.to} ${e.kind}`);
}
