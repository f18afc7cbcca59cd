import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { fixture, REPO_ROOT } from '../helpers/fixtures.js';

/**
 * The published package must work without the source tree: pack it, install the tarball
 * into an empty folder (dependencies from the local npm cache or registry), run npx there.
 */
describe('the packed package', () => {
  it('installs from its tarball and analyzes a repository with npx', () => {
    const packDir = tempDir('archreview-pack-');
    const packed = execFileSync('npm', ['pack', '--pack-destination', packDir, '--ignore-scripts', '--json'], { cwd: REPO_ROOT, encoding: 'utf8' });
    const [info] = JSON.parse(packed) as { filename: string; files: { path: string }[] }[];
    const files = info!.files.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(['dist/analyzer/cli/bin.js', 'schema/report.schema.json', 'schema/config.schema.json', 'README.md', 'package.json']));
    expect(files.some((f) => f.startsWith('analyzer/') || f.startsWith('test/') || f.startsWith('fixtures/'))).toBe(false);
    expect(files.some((f) => f.includes('node_modules'))).toBe(false);

    const project = tempDir('archreview-consumer-');
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
    const tarball = path.join(packDir, readdirSync(packDir).find((f) => f.endsWith('.tgz'))!);
    const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], { cwd: project, encoding: 'utf8', timeout: 240_000 });
    expect(install.status, install.stderr).toBe(0);

    const out = path.join(project, 'review');
    const run = spawnSync('npx', ['--no-install', 'archreview', fixture('e2e/polyglot-grpc'), '--out', out], { cwd: project, encoding: 'utf8', timeout: 60_000 });
    // npm itself may warn about the machine's npm config; archreview must print nothing.
    expect(run.stderr.split('\n').filter((line) => line && !line.startsWith('npm warn'))).toEqual([]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/Services\s+6/);
    const report = JSON.parse(readFileSync(path.join(out, 'archreview.json'), 'utf8'));
    expect(report.edges).toHaveLength(5);
    expect(existsSync(path.join(project, 'node_modules/archreview/schema/report.schema.json'))).toBe(true);

    // The bundled sample travels with the package: `npx archreview demo` reviews it from there.
    const demoOut = path.join(project, 'demo');
    const demo = spawnSync('npx', ['--no-install', 'archreview', 'demo', '--out', demoOut, '--format', 'json,html'], { cwd: project, encoding: 'utf8', timeout: 120_000 });
    expect(demo.status, demo.stderr).toBe(0);
    const demoReport = JSON.parse(readFileSync(path.join(demoOut, 'archreview.json'), 'utf8'));
    expect(demoReport.root).toBe('sample-system');
    expect(demoReport.services.filter((s: { kind: string }) => s.kind === 'service')).toHaveLength(7);
    expect(existsSync(path.join(demoOut, 'report.html'))).toBe(true);
    expect(files.some((f) => f.startsWith('sample-system/services/orders/src/'))).toBe(true);
  }, 300_000);
});
