import { readFileSync } from 'node:fs';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { BaselineEntry, CheckResult } from '../types/baseline.js';
import { emptyReport } from '../../test/report/payloads.js';
import type { Finding, Report } from '../types/index.js';
import { CHECK_REPORTERS } from './check-reporters.js';
import { CHECK_COMMENT_MARKER } from './check-markdown.js';

const schema = JSON.parse(readFileSync(new URL('../../test/report/schemas/sarif-2.1.0-rtm.5.json', import.meta.url), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validateSarif = ajv.compile(schema);

const HOSTILE = 'evil | <script>alert(1)</script> **x** \u001b[31mred\u001b[0m\n::error::injected %0A';

function finding(ruleId: string, fingerprint: string, file: string, line: number, extra: Partial<Finding> = {}): Finding {
  return { ruleId, severity: 'error', category: 'resilience', message: `${ruleId} message`, subjects: ['service:orders'], locations: [{ file, line }], fingerprint, suppressed: null, ...extra };
}

function result(overrides: Partial<CheckResult> = {}): CheckResult {
  const added = [finding('missing-timeout', 'aaaaaaaaaaaaaaaa', 'src/new.ts', 12, { message: HOSTILE }), finding('sync-fan-out', 'bbbbbbbbbbbbbbbb', 'src/fan.ts', 3, { severity: 'warn' })];
  const known = [finding('missing-timeout', 'cccccccccccccccc', 'src/old.ts', 4)];
  const suppressed = [finding('chatty-calls', 'dddddddddddddddd', 'src/s.ts', 9, { suppressed: { reason: 'batch job', location: { file: 'src/s.ts', line: 8 } } })];
  const fixed: BaselineEntry[] = [{ fingerprint: 'eeeeeeeeeeeeeeee', ruleId: 'missing-probes', subjects: ['users'], message: `fixed ${HOSTILE}`, location: { file: 'k8s/users.yaml', line: 7 } }];
  const report: Report = {
    ...emptyReport(),
    root: 'shop',
    generatedFrom: { commit: '0123456789abcdef0123', manifests: [], sourceFiles: 3 },
    findings: [...known, ...added, ...suppressed, finding('x', 'ffffffffffffffff', 'out/of-scope.ts', 1)],
  };
  return {
    report,
    baselineFile: 'archreview-baseline.json',
    failOn: 'error',
    since: { ref: 'origin/main', files: 4 },
    comparison: { added, known, suppressed, fixed },
    failing: added.filter((f) => f.severity === 'error'),
    strictBaseline: false,
    updated: null,
    failed: true,
    ...overrides,
  };
}

async function render(format: string, r: CheckResult) {
  return (await CHECK_REPORTERS[format]!())(r, { color: false, ruleMeta: (id) => (id === 'missing-timeout' ? { id, title: 'Outbound call without a timeout' } : undefined) });
}

describe('check reporters', () => {
  it('text: new findings first, then known, then fixed, then the decision; terminal-safe', async () => {
    const out = (await render('text', result())).stdout!;
    const order = ['New findings (2):', 'Known: 1 finding the baseline holds; 1 suppressed', 'Fixed: 1 baseline entry no longer found (run with --update-baseline to drop them):', 'FAIL 1 new finding at or above error'].map((s) => out.indexOf(s));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(out).toContain('only files changed since origin/main (4 files)');
    expect(out).toContain('src/new.ts:12');
    expect(out).toContain('was at k8s/users.yaml:7');
    expect(out).not.toContain('\u001b');
    expect(out.trimEnd().split('\n').at(-1)).toBe('2 new findings (1 error, 1 warn) · 1 known · 1 suppressed · 1 fixed');
    const pass = (await render('text', result({ comparison: { added: [], known: [], suppressed: [], fixed: [] }, failing: [], failed: false, since: null }))).stdout!;
    expect(pass).toContain('No new findings.');
    expect(pass).toContain('PASS no new findings at or above error');
  });

  it('text: --strict-baseline fails on fixed entries unless --update-baseline dropped them', async () => {
    const strict = (await render('text', result({ strictBaseline: true }))).stdout!;
    expect(strict).toContain('FAIL 1 fixed entry still in the baseline (--strict-baseline); drop them with --update-baseline');
    const updated = (await render('text', result({ strictBaseline: true, updated: { removed: 1 } }))).stdout!;
    expect(updated).not.toContain('--strict-baseline');
    expect(updated).toContain('(dropped from archreview-baseline.json)');
  });

  it('md: a pull-request comment with the decision, new and fixed findings, escaped', async () => {
    const out = await render('md', result());
    expect(out.file!.name).toBe('check-summary.md');
    const md = out.file!.content;
    expect(md.startsWith(`${CHECK_COMMENT_MARKER}\n\n### archreview: 2 new findings, 1 fixed\n`)).toBe(true);
    expect(md).toContain('**Fails:** 1 new finding at or above error.');
    expect(md).toContain('| 🔴 error | [`missing-timeout`](https://github.com/archreview/archreview/blob/main/rules/missing-timeout.md) Outbound call without a timeout |');
    expect(md).toContain('#### Fixed since the baseline');
    expect(md).toContain('`k8s/users.yaml:7`');
    expect(md).toContain('<details><summary>1 known finding the baseline holds</summary>');
    expect(md).not.toContain('<script>');
    expect(md).not.toContain('\u001b');
    const cells = (row: string): number => row.split(/(?<!\\)\|/).length - 2;
    const rows = md.split('\n').filter((l) => l.startsWith('| ') && l.includes('evil'));
    expect(rows.map(cells)).toEqual([4, 3]);
  });

  it('github: annotations for new findings only, a notice for fixed entries (an error under --strict-baseline), a summary', async () => {
    const lines = (await render('github', result())).stdout!.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^::error file=src\/new\.ts,line=12,title=archreview missing-timeout::evil \| <script>alert\(1\)<\/script> \*\*x\*\* red%0A::error::injected %250A$/);
    expect(lines[1]).toBe('::warning file=src/fan.ts,line=3,title=archreview sync-fan-out::sync-fan-out message');
    expect(lines[2]).toBe('::notice title=archreview baseline::1 baseline entry fixed (missing-probes); drop them with archreview check --update-baseline');
    expect(lines[3]).toBe('archreview check: 2 new findings (1 error, 1 warn) · 1 known · 1 suppressed · 1 fixed — fails: 1 new finding at or above error');
    const strict = (await render('github', result({ strictBaseline: true }))).stdout!;
    expect(strict).toContain('::error title=archreview baseline::');
  });

  it('sarif: valid SARIF 2.1.0 with every finding in scope, baselineState, and known findings suppressed by the baseline', async () => {
    const out = await render('sarif', result());
    expect(out.file!.name).toBe('findings.sarif');
    const log = JSON.parse(out.file!.content);
    expect(validateSarif(log)).toBe(true);
    const results = log.runs[0].results as { ruleId: string; baselineState: string; suppressions?: { kind: string; justification: string }[]; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
    const byFile = Object.fromEntries(results.map((r) => [r.locations[0]!.physicalLocation.artifactLocation.uri, r]));
    expect(Object.keys(byFile).sort()).toEqual(['src/fan.ts', 'src/new.ts', 'src/old.ts', 'src/s.ts']);
    expect(byFile['src/new.ts']).toMatchObject({ baselineState: 'new' });
    expect(byFile['src/new.ts']!.suppressions).toBeUndefined();
    expect(byFile['src/old.ts']).toMatchObject({ baselineState: 'unchanged', suppressions: [{ kind: 'external', justification: 'known: held by the baseline archreview-baseline.json' }] });
    expect(byFile['src/s.ts']).toMatchObject({ baselineState: 'unchanged', suppressions: [{ kind: 'inSource', justification: 'batch job' }] });
    expect(log.runs[0].tool.driver.rules.find((r: { id: string }) => r.id === 'missing-timeout').shortDescription.text).toBe('Outbound call without a timeout');
  });

  it('json: the decision, counts and lists', async () => {
    const data = JSON.parse((await render('json', result())).file!.content);
    expect(data).toMatchObject({ failed: true, failOn: 'error', baseline: 'archreview-baseline.json', since: { ref: 'origin/main', files: 4 }, counts: { new: 2, failing: 1, known: 1, suppressed: 1, fixed: 1 } });
    expect(data.new.map((f: Finding) => f.fingerprint)).toEqual(['aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb']);
    expect(data.fixed[0].ruleId).toBe('missing-probes');
  });
});
