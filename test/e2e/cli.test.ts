import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { fixture } from '../helpers/fixtures.js';

const BASIC = fixture('manifests/compose/basic');

describe('archreview CLI', () => {
  it('analyzes a folder by default, writes archreview.json and prints the summary', () => {
    const out = tempDir();
    const result = runCli([BASIC, '--out', out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('archreview ');
    expect(result.stdout).toMatch(/Services\s+3\s+1 third-party/);
    expect(result.stdout).toMatch(/Datastores\s+4\s+1 postgres.* 2 postgres|Datastores\s+4/);
    expect(result.stdout).toMatch(/Edges\s+9\s+4 sync · 0 async · 5 data · 0 depends-on/);
    expect(result.stdout).toMatch(/Findings\s+7\s+2 error · 1 warn · 4 info/);
    expect(result.stdout).toContain('api and worker both use database `shop` on db (postgres) shared-database docker-compose.yml:16');
    // api's code never calls worker (WORKER_HOST is dead configuration), so there is no cycle.
    expect(result.stdout).not.toContain('service-cycle');
    expect(result.stdout).toMatch(/Diagnostics\s+2\s+0 error · 1 warning · 1 info/);
    expect(result.stdout).toContain('docker-compose.yml:22: variable ALSO_NOT_IN_ENV is not set');
    expect(result.stdout).toMatch(/Verdict\s+\S+\s+(low|medium|high) confidence/);
    // The findings list starts with the errors, then warnings, then notes.
    const listed = result.stdout.split('\n').map((l) => /^  (error|warn |info ) /.exec(l)?.[1]?.trim()).filter(Boolean);
    expect(listed).toEqual([...listed].sort((a, b) => ['error', 'warn', 'info'].indexOf(a!) - ['error', 'warn', 'info'].indexOf(b!)));
    expect(listed[0]).toBe('error');
    expect(existsSync(path.join(out, 'archreview.json'))).toBe(true);
  });

  it('writes only what --format asks for, and --quiet prints nothing', () => {
    const out = tempDir();
    const text = runCli([BASIC, '--out', out, '--format', 'text', '--fail-on', 'never']);
    expect(text.code).toBe(0);
    expect(existsSync(path.join(out, 'archreview.json'))).toBe(false);
    const quiet = runCli(['analyze', BASIC, '--out', out, '--quiet', '--format', 'json']);
    expect(quiet).toEqual({ code: 1, stdout: '', stderr: '' });
    expect(existsSync(path.join(out, 'archreview.json'))).toBe(true);
  });

  it('exits 1 only when a finding is at or above --fail-on', () => {
    const codes = ['error', 'warn', 'info', 'never'].map((level) => runCli([BASIC, '--out', tempDir(), '--format', 'json', '--quiet', '--fail-on', level]).code);
    expect(codes).toEqual([1, 1, 1, 0]);
    expect(runCli([fixture('e2e/polyglot-grpc'), '--out', tempDir(), '--format', 'json', '--quiet']).code).toBe(0);
  });

  it('never colours output that is not a terminal, with or without --no-color', () => {
    for (const args of [[], ['--no-color']]) {
      const result = runCli([BASIC, '--out', tempDir(), '--format', 'text', ...args]);
      expect(result.stdout).not.toContain('\u001b[');
    }
  });

  it.each([
    [['does/not/exist'], 'archreview: path not found: does/not/exist'],
    [[BASIC, '--format', 'pdf'], 'archreview: unknown format "pdf" (expected json, text, md, html, sarif, github)'],
    [[BASIC, '--format', ''], 'archreview: --format needs at least one of json, text, md, html, sarif, github'],
    [[BASIC, '--fail-on', 'sometimes'], 'archreview: option \'--fail-on <severity>\' argument \'sometimes\' is invalid. Allowed choices are info, warn, error, never.'],
    [[BASIC, '--bogus'], "archreview: unknown option '--bogus'"],
    [[path.join(BASIC, 'docker-compose.yml')], `archreview: not a folder: ${path.join(BASIC, 'docker-compose.yml')} (archreview analyzes a repository folder)`],
  ])('exits 2 with one clear line for %j', (args, line) => {
    const result = runCli(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')[0]).toBe(line);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 naming the key when archreview.yaml is invalid', () => {
    const dir = tempDir();
    const config = path.join(dir, 'bad.yaml');
    writeFileSync(config, 'organization:\n  engineers: many\nrules:\n  sync-fan-out: loud\ntypo: 1\n');
    const result = runCli([BASIC, '--config', config, '--out', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `archreview: ${config}: rules.sync-fan-out: expected off | info | warn | error, [level, { options }] or { severity, options }; organization.engineers: expected number; unknown key "typo"\n`,
    );
    writeFileSync(config, 'rules: [unclosed\n');
    const yaml = runCli([BASIC, '--config', config]);
    expect(yaml.code).toBe(2);
    expect(yaml.stderr).toMatch(/^archreview: .*bad\.yaml:\d+:\d+: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a \]\n$/);
  });

  it('init writes a commented config that validates, and refuses to overwrite it', () => {
    const dir = tempDir();
    const first = runCli(['init', dir]);
    expect(first.code).toBe(0);
    const text = readFileSync(path.join(dir, 'archreview.yaml'), 'utf8');
    expect(text).toContain('organization:');
    const again = runCli(['init', dir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists (use --force to overwrite)');
    expect(runCli(['init', dir, '--force']).code).toBe(0);
    const analyzed = runCli([dir, '--out', tempDir(), '--quiet']);
    expect(analyzed).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('prints help and the version with exit code 0', () => {
    const help = runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: archreview');
    const version = runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
