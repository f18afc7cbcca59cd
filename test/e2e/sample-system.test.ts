import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../analyzer/config/schema.js';
import { analyze, RULES } from '../../analyzer/run.js';
import { REPO_ROOT } from '../helpers/fixtures.js';

interface Expected {
  ruleId: string;
  subjects: string[];
  file: string;
  line: number;
}

const SAMPLE = path.join(REPO_ROOT, 'sample-system');
const truth = JSON.parse(readFileSync(path.join(SAMPLE, 'expected-findings.json'), 'utf8')) as { findings: Expected[]; negatives: (Omit<Expected, 'line'> & { line?: number })[] };
const implemented = new Set(RULES.map((r) => r.meta.id));

/**
 * The sample shop's ground truth (sample-system/expected-findings.json): every seeded smell is
 * found where it was planted, nothing else is, and none of the listed good patterns is flagged.
 */
describe('sample-system', () => {
  const { report } = analyze(SAMPLE, { config: DEFAULT_CONFIG });
  const key = (f: { ruleId: string; subjects: string[]; file: string; line?: number }) => `${f.ruleId} [${f.subjects.join(', ')}] ${f.file}:${f.line ?? ''}`;

  it('reads without problems', () => {
    expect(report.diagnostics.filter((d) => d.level !== 'info')).toEqual([]);
  });

  it('finds exactly the expected findings of every rule the catalog has', () => {
    const actual = report.findings.filter((f) => !f.suppressed).map((f) => key({ ruleId: f.ruleId, subjects: f.subjects, file: f.locations[0]?.file ?? '', line: f.locations[0]?.line }));
    const expected = truth.findings.filter((f) => implemented.has(f.ruleId)).map(key);
    expect(actual.sort()).toEqual(expected.sort());
  });

  it('flags none of the good patterns listed as negatives', () => {
    for (const negative of truth.negatives) {
      const offending = report.findings.filter((f) => f.ruleId === negative.ruleId && negative.subjects.every((s) => f.subjects.includes(s)) && f.locations.some((l) => l.file === negative.file));
      expect(offending.map((f) => f.message), `negative ${key({ ...negative, line: negative.line })}`).toEqual([]);
    }
  });

  it('has a rule for every seeded smell, except the ones listed here as not built yet', () => {
    const missing = [...new Set(truth.findings.map((f) => f.ruleId).filter((id) => !implemented.has(id)))].sort();
    expect(missing).toEqual([]);
  });
});
