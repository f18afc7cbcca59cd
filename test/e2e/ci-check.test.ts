import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBaseline } from '../../analyzer/engine/baseline.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { append, checkJson, copySampleSystem, edit } from '../helpers/ci.js';

/** archreview baseline → edit → archreview check on a copy of the sample system, with the exit codes CI relies on. */
describe('archreview baseline and check', { timeout: 180_000 }, () => {
  const root = copySampleSystem('shop');
  const cwd = path.dirname(root);
  const baselineFile = path.join(cwd, 'archreview-baseline.json');
  const users = path.join(root, 'services/notifications/src/clients/users.ts');
  let held = 0;
  const entries = (): number => JSON.parse(readFileSync(baselineFile, 'utf8')).findings.length;

  it('baseline writes archreview-baseline.json in the working folder: valid, sorted, byte-stable', () => {
    const first = runCli(['baseline', 'shop'], { cwd });
    expect(first.code).toBe(0);
    expect(first.stderr).toBe('');
    held = entries();
    expect(first.stdout).toBe(`Wrote archreview-baseline.json (${held} findings)\n`);
    const text = readFileSync(baselineFile, 'utf8');
    const parsed = parseBaseline(text);
    expect('baseline' in parsed).toBe(true);
    expect(runCli(['baseline', 'shop', '--quiet'], { cwd })).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(baselineFile, 'utf8')).toBe(text);
    const ids = JSON.parse(text).findings.map((e: { ruleId: string }) => e.ruleId);
    expect(ids).toEqual([...ids].sort());
    expect(text).toMatch(/"subjects": \["notifications", "users"\]/);
  });

  it('check passes on the unchanged system with the default baseline path', () => {
    const result = runCli(['check', 'shop'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('No new findings.');
    expect(result.stdout).toContain(`Known: ${held} findings the baseline holds.`);
    expect(result.stdout.trimEnd().split('\n').slice(-2)).toEqual(['PASS no new findings at or above error', `0 new findings · ${held} known · 0 fixed`]);
  });

  it('a fixed finding is listed as fixed; --strict-baseline fails on it; --update-baseline drops it', () => {
    edit(users, ["    headers: { accept: 'application/json' },", "    headers: { accept: 'application/json' },\n    signal: AbortSignal.timeout(2_000),"]);
    const lenient = runCli(['check', 'shop'], { cwd });
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toMatch(/Fixed: 1 baseline entry no longer found \(run with --update-baseline to drop them\):\n {2}fixed missing-timeout {2}notifications calls users without a timeout .* {2}was at services\/notifications\/src\/clients\/users\.ts:18\n/);
    const strict = runCli(['check', 'shop', '--strict-baseline'], { cwd });
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('FAIL 1 fixed entry still in the baseline (--strict-baseline); drop them with --update-baseline');
    const update = runCli(['check', 'shop', '--update-baseline', '--strict-baseline'], { cwd });
    expect(update.code).toBe(0);
    expect(update.stdout).toContain('Updated archreview-baseline.json: dropped 1 fixed entry');
    expect(entries()).toBe(held - 1);
    held -= 1;
    expect(runCli(['check', 'shop', '--strict-baseline'], { cwd }).code).toBe(0);
  });

  it('a new call without a timeout fails the check, at or above --fail-on, in every CI format', () => {
    append(users, '\nexport async function fetchPreferences(userId: string): Promise<unknown> {\n  const response = await fetch(`${env.USERS_URL}/users/${userId}/preferences`);\n  return response.json();\n}\n');
    const out = tempDir();
    const result = runCli(['check', 'shop', '--format', 'text,github,md,sarif,json', '--out', out], { cwd });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    const text = result.stdout;
    expect(text.indexOf('New findings (1):')).toBeLessThan(text.indexOf('Known:'));
    expect(text).toContain('FAIL 1 new finding at or above error');
    const annotations = text.split('\n').filter((l) => l.startsWith('::'));
    expect(annotations).toEqual([
      `::error file=services/notifications/src/clients/users.ts,line=${readFileSync(users, 'utf8').split('\n').findIndex((l) => l.includes('/preferences`')) + 1},title=archreview missing-timeout::notifications calls users without a timeout (fetch GET \${USERS_URL}/users/{param0}/preferences)`,
    ]);
    expect(text).toContain(`archreview check: 1 new finding (1 error) · ${held} known · 0 fixed — fails: 1 new finding at or above error`);
    expect(readFileSync(path.join(out, 'check-summary.md'), 'utf8')).toContain('### archreview: 1 new finding\n');
    const sarif = JSON.parse(readFileSync(path.join(out, 'findings.sarif'), 'utf8'));
    const states = sarif.runs[0].results.map((r: { baselineState: string }) => r.baselineState);
    expect(states.filter((s: string) => s === 'new')).toHaveLength(1);
    expect(states.filter((s: string) => s === 'unchanged')).toHaveLength(held);
    expect(checkJson(out).counts).toEqual({ new: 1, failing: 1, known: held, suppressed: 0, fixed: 0 });
    expect(text).toContain(`Wrote ${path.join(out, 'check-summary.md')}, ${path.join(out, 'findings.sarif')}, ${path.join(out, 'check.json')}`);

    expect(runCli(['check', 'shop', '--fail-on', 'never', '--quiet'], { cwd })).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(runCli(['check', 'shop', '--fail-on', 'warn', '--quiet'], { cwd }).code).toBe(1);
  });

  it('a suppressed finding is never new', () => {
    append(users, '\nexport async function fetchAvatar(userId: string): Promise<unknown> {\n  // archreview-ignore missing-timeout: the avatar is optional and the page does not wait for it\n  const response = await fetch(`${env.USERS_URL}/users/${userId}/avatar`);\n  return response.json();\n}\n');
    const out = tempDir();
    const result = runCli(['check', 'shop', '--format', 'json', '--out', out], { cwd });
    expect(result.code).toBe(1);
    expect(checkJson(out).counts).toEqual({ new: 1, failing: 1, known: held, suppressed: 1, fixed: 0 });
  });

  it.each([
    ['a missing baseline', ['--baseline', 'nope.json'], null, 'archreview: baseline not found: nope.json (write one with: archreview baseline shop --out nope.json)'],
    ['a baseline that is not JSON', ['--baseline', 'bad.json'], '{ "schemaVersion": 1,', /^archreview: invalid baseline bad\.json: not valid JSON \(.+\)$/],
    ['a baseline of another version', ['--baseline', 'bad.json'], '{ "schemaVersion": 7, "tool": "archreview", "findings": [] }', 'archreview: invalid baseline bad.json: schemaVersion 7 is not supported (this archreview reads version 1)'],
    ['an entry without a rule id', ['--baseline', 'bad.json'], '{ "schemaVersion": 1, "tool": "archreview", "findings": [{ "fingerprint": "0123abcd", "subjects": [], "message": "m", "location": null }] }', /^archreview: invalid baseline bad\.json: findings\.0\.ruleId: .+$/],
    ['a folder as the baseline', ['--baseline', '.'], null, 'archreview: baseline . is a folder, not a file'],
    ['a review format', ['--format', 'html'], null, 'archreview: format "html" is for the review, not for check (check writes text, json, md, sarif, github; run archreview --format html for the review)'],
    ['an unknown format', ['--format', 'pdf'], null, 'archreview: unknown format "pdf" (expected text, json, md, sarif, github)'],
    ['an unknown --fail-on', ['--fail-on', 'critical'], null, "archreview: option '--fail-on <severity>' argument 'critical' is invalid. Allowed choices are info, warn, error, never."],
  ])('exits 2 with one line for %s', (_, args, content, line) => {
    if (content !== null) writeFileSync(path.join(cwd, 'bad.json'), content);
    const result = runCli(['check', 'shop', ...args], { cwd });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.endsWith('\n')).toBe(true);
    const [first, ...rest] = result.stderr.trimEnd().split('\n');
    // commander's own errors add the program's "(run archreview --help for usage)" hint, as for every command
    expect(rest).toEqual(args[0] === '--fail-on' ? ['(run archreview --help for usage)'] : []);
    if (typeof line === 'string') expect(first).toBe(line);
    else expect(first).toMatch(line);
  });
});
