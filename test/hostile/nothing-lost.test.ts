import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../../analyzer/types/index.js';
import { CLI } from '../helpers/cli.js';
import { cleanup, realDir, runArchreview, runProblem, scratch } from './harness.js';
import { k8sHeader, noise, writeRepo, type Entry } from './repo.js';
import { copySample } from './sample.js';
import { SERVICE_SOURCE } from './generate-source.js';
import type { SummaryRow } from './summary.js';

/**
 * Nothing lost (issue 10, point 4): broken files added to the sample system change nothing
 * but what is said about those files. Findings, services, edges, the score and every other
 * diagnostic are identical to a run without them.
 */

const BROKEN: Record<string, Entry> = {
  'k8s/broken.yaml': `${k8sHeader('broken', 'Deployment')}spec: [unclosed\n`,
  'k8s/zz-second-doc-broken.yaml': `${k8sHeader('fine')}data:\n  a: "1"\n---\n${k8sHeader('broken2')}data: {a: [}\n`,
  'k8s/bomb.yaml': `${k8sHeader('bomb')}data:\n  l0: &l0 "lol"\n${Array.from({ length: 9 }, (_v, i) => `  l${i + 1}: &l${i + 1} [${Array(10).fill(`*l${i}`).join(', ')}]`).join('\n')}\n`,
  'k8s/deep.yaml': `${k8sHeader('deep')}data: ${'['.repeat(5000)}${']'.repeat(5000)}\n`,
  'docker-compose.override.yml': 'services:\n  orders:\n    environment: [unclosed\n',
  'deploy/kustomization.yaml': 'resources:\n  - a.yaml\n - b.yaml\n',
  // Cut inside its first import: a syntax error before anything the walker could recover.
  // (A file cut later is read as far as the parser recovered, and what it recovers counts.)
  'services/orders/src/half-written.ts': SERVICE_SOURCE.slice(0, SERVICE_SOURCE.indexOf("'express'") + 4),
  'services/orders/src/binary.ts': noise(3000, 7),
  'services/users/src/deep.ts': `export const x = ${'['.repeat(3000)}${']'.repeat(3000)};\n`,
  'services/users/src/conflict.ts': '<<<<<<< HEAD\nexport const a = 1;\n=======\nexport const a = 2;\n>>>>>>> branch\n',
  'services/payments/package.json': '{"name": "payments", "dependencies": {',
  'tsconfig.broken.json': '{"compilerOptions": {"paths": {"@x/*": [}}}',
};

/**
 * What the rest of the repository gives: findings, services (their lines of code aside: a
 * broken source file still has lines), datastores, channels, edges, the manifests read and
 * every diagnostic that does not name a broken file.
 */
function withoutBroken(report: Report, broken: string[]): unknown {
  const mentions = (text: string | undefined): boolean => !!text && broken.some((b) => text.includes(b));
  return {
    findings: report.findings,
    services: report.services.map(({ loc: _loc, ...service }) => service),
    datastores: report.datastores,
    channels: report.channels,
    edges: report.edges,
    manifests: report.generatedFrom.manifests.filter((m) => !mentions(m)),
    diagnostics: report.diagnostics.filter((d) => !mentions(d.file) && !mentions(d.message)),
  };
}

const rows: SummaryRow[] = [];
const dirs: string[] = [];

describe.runIf(existsSync(CLI))('a broken file affects only itself', () => {
  afterAll(() => dirs.forEach(cleanup));

  it('the sample system with broken files added: everything else identical', async () => {
    const started = performance.now();
    const clean = realDir(scratch('sample-clean'));
    const dirty = realDir(scratch('sample-dirty'));
    dirs.push(clean, dirty);
    copySample(clean);
    copySample(dirty);
    writeRepo(dirty, BROKEN);
    const [a, b] = await Promise.all([clean, dirty].map((root) => runArchreview(root, { timeoutMs: 120_000, formats: 'json' })));
    const problems = [runProblem(a!, 'json'), runProblem(b!, 'json')].filter(Boolean);
    const broken = Object.keys(BROKEN);
    const diagnosed = broken.filter((file) => b!.report?.diagnostics.some((d) => d.file === file));
    const same = JSON.stringify(withoutBroken(b!.report!, broken)) === JSON.stringify(withoutBroken(a!.report!, broken));
    rows.push({ category: 'nothing lost (broken files in the sample)', cases: broken.length, outcomes: { ok: !problems.length && same ? diagnosed.length : 0, unreported: broken.length - diagnosed.length, crash: problems.length ? broken.length : 0 }, ms: Math.round(performance.now() - started), peakMb: Math.max(a!.maxRssMb, b!.maxRssMb) });

    expect(problems).toEqual([]);
    expect(a!.report!.findings.length).toBeGreaterThan(0);
    expect(diagnosed).toEqual(broken);
    expect(withoutBroken(b!.report!, broken)).toEqual(withoutBroken(a!.report!, broken));
  }, 240_000);

  it('reports the counts', ({ task }) => {
    task.meta.hostileSummary = [...rows];
  });
});
