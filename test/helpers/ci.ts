import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { tempDir } from './cli.js';
import { REPO_ROOT } from './fixtures.js';

/** A copy of the sample system (without installed dependencies) in a fresh temp folder. */
export function copySampleSystem(name = 'shop'): string {
  const dir = path.join(tempDir('archreview-ci-'), name);
  cpSync(path.join(REPO_ROOT, 'sample-system'), dir, { recursive: true, filter: (src) => !src.split(path.sep).includes('node_modules') });
  return dir;
}

/** Rewrites a file; every replacement must match, so an edit cannot silently do nothing. */
export function edit(file: string, ...replacements: [string | RegExp, string][]): void {
  let text = readFileSync(file, 'utf8');
  for (const [from, to] of replacements) {
    const next = text.replace(from, to);
    expect(next, `${path.basename(file)}: ${String(from)} not found`).not.toBe(text);
    text = next;
  }
  writeFileSync(file, text);
}

export function prepend(file: string, text: string): void {
  writeFileSync(file, text + readFileSync(file, 'utf8'));
}

export function append(file: string, text: string): void {
  writeFileSync(file, readFileSync(file, 'utf8') + text);
}

export function rename(from: string, to: string): void {
  renameSync(from, to);
}

/** Every file under a folder whose name ends with one of the extensions. */
export function filesUnder(dir: string, extensions: string[]): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...filesUnder(full, extensions));
    else if (extensions.some((e) => name.endsWith(e))) out.push(full);
  }
  return out;
}

/** Runs git without the user's or the system's configuration getting in the way. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=archreview-test', '-c', 'user.email=test@example.com', '-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
}

/** The check result a `--format json` run wrote. */
export function checkJson(out: string): { counts: { new: number; failing: number; known: number; suppressed: number; fixed: number }; new: { ruleId: string; fingerprint: string; locations: { file: string; line?: number }[] }[]; fixed: { ruleId: string }[]; failed: boolean } {
  return JSON.parse(readFileSync(path.join(out, 'check.json'), 'utf8'));
}

/** Moves the block a pattern matches (at the top level of a file) to just before an anchor text. */
export function moveBlock(file: string, block: RegExp, before: string): void {
  const text = readFileSync(file, 'utf8');
  const match = block.exec(text);
  expect(match, `${path.basename(file)}: ${String(block)} not found`).not.toBeNull();
  const without = text.slice(0, match!.index) + text.slice(match!.index + match![0].length);
  const at = without.indexOf(before);
  expect(at, `${path.basename(file)}: ${before} not found`).toBeGreaterThanOrEqual(0);
  writeFileSync(file, `${without.slice(0, at)}${match![0].trim()}\n\n${without.slice(at)}`);
}
