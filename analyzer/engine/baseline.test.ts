import { describe, expect, it } from 'vitest';
import type { Baseline } from '../types/baseline.js';
import { emptyReport } from '../../test/report/payloads.js';
import type { Finding, Report } from '../types/index.js';
import { baselineFromReport, compareToBaseline, limitToFiles, parseBaseline, serializeBaseline, withoutEntries } from './baseline.js';

function finding(ruleId: string, fingerprint: string, file: string, line: number, extra: Partial<Finding> = {}): Finding {
  return { ruleId, severity: 'error', category: 'resilience', message: `${ruleId} at ${file}:${line}`, subjects: ['service:orders', 'datastore:postgres:db/shop'], locations: [{ file, line }], fingerprint, suppressed: null, ...extra };
}

function report(findings: Finding[]): Report {
  return { ...emptyReport(), root: 'shop', findings };
}

const A = 'aaaaaaaaaaaaaaaa';
const B = 'bbbbbbbbbbbbbbbb';
const C = 'cccccccccccccccc';

describe('baseline file', () => {
  it('holds the open findings with subject names, sorted by what stays put when code moves', () => {
    const r = report([finding('missing-timeout', B, 'src/z.ts', 3), finding('missing-timeout', A, 'src/a.ts', 9), finding('chatty-calls', C, 'src/b.ts', 1), finding('missing-timeout', C, 'src/s.ts', 1, { suppressed: { reason: 'known' } })]);
    r.services.push({ id: 'service:orders', name: 'orders' } as Report['services'][number]);
    const baseline = baselineFromReport(r);
    expect(baseline.findings.map((e) => [e.ruleId, e.fingerprint])).toEqual([
      ['chatty-calls', C],
      ['missing-timeout', A],
      ['missing-timeout', B],
    ]);
    expect(baseline.findings[1]).toEqual({ fingerprint: A, ruleId: 'missing-timeout', subjects: ['orders', 'postgres:db/shop'], message: 'missing-timeout at src/a.ts:9', location: { file: 'src/a.ts', line: 9 } });
  });

  it('serializes to stable JSON that parses back to the same baseline', () => {
    const baseline = baselineFromReport(report([finding('missing-timeout', B, 'src/z.ts', 3, { message: 'quote " and \u2028 and ✓' }), finding('a-rule', A, 'k8s/x.yaml', 1, { locations: [] })]));
    const text = serializeBaseline(baseline);
    expect(text).toBe(serializeBaseline(baseline));
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('"subjects": ["orders", "postgres:db/shop"]');
    expect(text).toContain('"location": null');
    const parsed = parseBaseline(text);
    expect(parsed).toEqual({ baseline });
    expect(serializeBaseline({ schemaVersion: 1, tool: 'archreview', findings: [] })).toBe('{\n  "schemaVersion": 1,\n  "tool": "archreview",\n  "findings": []\n}\n');
  });

  it.each([
    ['{ "schemaVersion": 1, ', /^not valid JSON \(/],
    ['[]', /^not an archreview baseline/],
    ['{ "schemaVersion": 2, "tool": "archreview", "findings": [] }', /^schemaVersion 2 is not supported \(this archreview reads version 1\)$/],
    ['{ "schemaVersion": 1, "tool": "archreview" }', /^findings: /],
    ['{ "schemaVersion": 1, "tool": "archreview", "findings": [{ "fingerprint": "xyz", "ruleId": "r", "subjects": [], "message": "", "location": null }] }', /^findings\.0\.fingerprint: expected a fingerprint of hex digits$/],
    ['{ "schemaVersion": 1, "tool": "archreview", "findings": [{ "fingerprint": "abcdef12", "ruleId": "r", "subjects": [], "message": "" }] }', /^findings\.0\.location: /],
  ])('names the problem of an invalid file: %s', (text, error) => {
    const parsed = parseBaseline(text);
    expect('error' in parsed && parsed.error).toMatch(error);
    if ('error' in parsed) expect(parsed.error).not.toContain('\n');
  });
});

describe('compareToBaseline', () => {
  const base = (findings: Finding[]): Baseline => baselineFromReport(report(findings));

  it('splits findings into new and known, and entries no finding matches into fixed', () => {
    const baseline = base([finding('r', A, 'a.ts', 1), finding('r', B, 'b.ts', 1)]);
    const now = report([finding('r', A, 'a.ts', 40), finding('r', C, 'c.ts', 2)]);
    const c = compareToBaseline(now, baseline);
    expect(c.added.map((f) => f.fingerprint)).toEqual([C]);
    expect(c.known.map((f) => f.fingerprint)).toEqual([A]);
    expect(c.fixed.map((e) => e.fingerprint)).toEqual([B]);
  });

  it('matches fingerprints as a multiset: two identical findings need two entries, and the new one is the one the baseline did not see', () => {
    const baseline = base([finding('r', A, 'a.ts', 10)]);
    const now = report([finding('r', A, 'a.ts', 5), finding('r', A, 'a.ts', 10)]);
    const c = compareToBaseline(now, baseline);
    expect(c.added.map((f) => f.locations[0]!.line)).toEqual([5]);
    expect(c.known.map((f) => f.locations[0]!.line)).toEqual([10]);
    expect(c.fixed).toEqual([]);
    const moved = compareToBaseline(report([finding('r', A, 'b.ts', 1), finding('r', A, 'a.ts', 30)]), baseline);
    expect(moved.added.map((f) => f.locations[0]!.file)).toEqual(['b.ts']);
    const both = compareToBaseline(now, base([finding('r', A, 'a.ts', 10), finding('r', A, 'a.ts', 11)]));
    expect([both.added.length, both.known.length, both.fixed.length]).toEqual([0, 2, 0]);
    const one = compareToBaseline(report([finding('r', A, 'a.ts', 12)]), base([finding('r', A, 'a.ts', 10), finding('r', A, 'a.ts', 11)]));
    expect([one.added.length, one.known.length, one.fixed.length]).toEqual([0, 1, 1]);
  });

  it('never counts suppressed findings as new, and a suppressed finding keeps its entry from counting as fixed', () => {
    const suppressed = { reason: 'accepted' };
    const c = compareToBaseline(report([finding('r', A, 'a.ts', 1, { suppressed }), finding('r', C, 'c.ts', 1, { suppressed })]), base([finding('r', A, 'a.ts', 1)]));
    expect(c.added).toEqual([]);
    expect(c.suppressed).toHaveLength(2);
    expect(c.fixed).toEqual([]);
  });

  it('limits to findings touching changed files, keeping those without a location', () => {
    const baseline = base([finding('r', A, 'a.ts', 1), finding('r', B, 'b.ts', 1)]);
    const c = compareToBaseline(report([finding('r', C, 'c.ts', 1), finding('r', C, 'd.ts', 1, { locations: [{ file: 'x.ts' }, { file: 'd.ts', line: 2 }] }), finding('q', C, '', 0, { locations: [] })]), baseline);
    const scoped = limitToFiles(c, new Set(['d.ts', 'a.ts']));
    expect(scoped.added.map((f) => f.ruleId + (f.locations[1]?.file ?? f.locations[0]?.file ?? '-'))).toEqual(['rd.ts', 'q-']);
    expect(scoped.fixed.map((e) => e.location!.file)).toEqual(['a.ts']);
  });

  it('drops exactly the fixed entries, one per duplicate', () => {
    const baseline = base([finding('r', A, 'a.ts', 1), finding('r', A, 'a.ts', 2), finding('r', B, 'b.ts', 1)]);
    const c = compareToBaseline(report([finding('r', A, 'a.ts', 1)]), baseline);
    expect(c.fixed).toHaveLength(2);
    expect(withoutEntries(baseline, c.fixed).findings.map((e) => [e.fingerprint, e.location?.line])).toEqual([[A, 1]]);
  });
});
