import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type Config } from '../config/schema.js';
import { walkTree } from '../discover/index.js';
import { readManifests } from './index.js';
import { ExpansionBudget, interpolate } from './interpolate.js';
import { parseNginx } from './nginx-parser.js';
import { createReaderContext } from './reader-context.js';
import type { Diagnostic } from '../types/index.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function repo(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'archreview-expansion-'));
  dirs.push(root);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return root;
}

function read(root: string, limits: Partial<Config['limits']> = {}) {
  const config: Config = { ...DEFAULT_CONFIG, limits: { ...DEFAULT_CONFIG.limits, ...limits } };
  const ctx = createReaderContext(walkTree(root), config);
  const result = readManifests(ctx);
  return { ...result, diagnostics: ctx.diagnostics.map((d) => `${d.code} ${d.file}`) };
}

const DOUBLING = ['A=xxxxxxxxxxxxxxxx', ...Array.from({ length: 40 }, (_v, i) => `V${i + 1}=\${${i ? `V${i}` : 'A'}}\${${i ? `V${i}` : 'A'}}`)].join('\n');

describe('variable expansion is bounded per file (limits.maxExpansionBytes)', () => {
  it('interpolate leaves references that do not fit the budget as written', () => {
    const budget = new ExpansionBudget(10);
    const lookup = (n: string): string | undefined => ({ A: 'aaaa', B: 'bbbbbbbbbb' })[n];
    expect(interpolate('${A}-$A-${B}-${A:-x}', { lookup, budget })).toBe('aaaa-aaaa-${B}-${A:-x}');
    expect(budget.exhausted).toBe(true);
  });

  it('stops .env values that double each other', () => {
    const { facts, diagnostics } = read(repo({ '.env': DOUBLING, 'compose.yaml': 'services:\n  web:\n    image: nginx\n    environment:\n      X: ${V40}\n' }), { maxExpansionBytes: 100_000 });
    expect(diagnostics).toContain('expansion-limit .env');
    const env = facts.find((f) => f.kind === 'manifest-env' && f.name === 'X') as { value: string } | undefined;
    expect(env?.value.length).toBeLessThan(200_000);
  });

  it('stops one value used in every field of a compose file', () => {
    const compose = `services:\n${Array.from({ length: 20 }, (_v, s) => `  s${s}:\n    image: nginx\n    environment:\n      E: \${BIG}\${BIG}`).join('\n')}\n`;
    const { diagnostics } = read(repo({ '.env': `BIG=${'y'.repeat(10_000)}\n`, 'compose.yaml': compose }), { maxExpansionBytes: 50_000 });
    expect(diagnostics).toContain('expansion-limit compose.yaml');
  });

  it('stops Kubernetes $(VAR) values that double each other', () => {
    const env = ['- name: A\n  value: xxxxxxxxxxxxxxxx', ...Array.from({ length: 40 }, (_v, i) => `- name: V${i + 1}\n  value: "$(${i ? `V${i}` : 'A'})$(${i ? `V${i}` : 'A'})"`)];
    const pod = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: bomb\nspec:\n  containers:\n    - name: bomb\n      image: busybox\n      env:\n${env.map((e) => e.replace(/^/gm, '        ')).join('\n')}\n`;
    expect(read(repo({ 'pod.yaml': pod }), { maxExpansionBytes: 100_000 }).diagnostics).toContain('expansion-limit pod.yaml');
  });

  it('stops a Dockerfile ARG used in many FROM lines', () => {
    const dockerfile = `ARG A=${'a'.repeat(10_000)}\n${Array(20).fill('FROM ${A}${A}').join('\n')}\n`;
    expect(read(repo({ Dockerfile: dockerfile }), { maxExpansionBytes: 50_000 }).diagnostics).toContain('expansion-limit Dockerfile');
  });
});

describe('paths a kustomization names outside the analyzed folder', () => {
  it('are reported on the kustomization and not read', () => {
    const root = repo({ 'k/kustomization.yaml': 'resources:\n  - d.yaml\npatches:\n  - path: ../../secret.yaml\nconfigMapGenerator:\n  - name: g\n    envs:\n      - ../../secret.env\n    files:\n      - ../../secret.txt\n', 'k/d.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: d\n' });
    expect(read(root).diagnostics.filter((d) => d.startsWith('path-outside-root'))).toEqual(['path-outside-root k/kustomization.yaml', 'path-outside-root k/kustomization.yaml', 'path-outside-root k/kustomization.yaml']);
  });
});

describe('nginx nesting (limits.maxNestingDepth)', () => {
  it('leaves out blocks nested deeper than the limit, so nothing recurses without end', () => {
    const diagnostics: Diagnostic[] = [];
    const tree = parseNginx(`http {\n${'location / {\n'.repeat(20_000)}${'}\n'.repeat(20_000)}}\nevents {}\n`, 'nginx.conf', diagnostics, 50);
    expect(tree.map((d) => d.name)).toEqual(['http', 'events']);
    expect(diagnostics.map((d) => `${d.code}:${d.line}`)).toEqual(['nginx-too-deep:51']);
  });
});
