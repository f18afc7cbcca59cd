import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_CONFIG, type Config } from '../analyzer/config/schema.js';
import { analyze, RULES } from '../analyzer/run.js';
import type { Diagnostic, Finding } from '../analyzer/types/index.js';

/** One fixture system of a rule: `valid-*` must give no finding, `invalid-*` exactly its expected.json. */
export interface RuleCase {
  rule: string;
  name: string;
  dir: string;
  valid: boolean;
  expected: ExpectedFinding[];
}

/** A finding as a fixture states it: the rendered message, subjects (node ids) and `file:line` locations. */
export interface ExpectedFinding {
  message: string;
  subjects: string[];
  locations: string[];
  suppressed?: boolean;
}

export function fixturesRoot(): string {
  return path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'fixtures', 'rules');
}

/** The cases of a rule, from `fixtures/rules/<id>/valid-*` and `invalid-*`. */
export function ruleCases(rule: string, root = fixturesRoot()): RuleCase[] {
  const dir = path.join(root, rule);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /^(valid|invalid)-/.test(name) && statSync(path.join(dir, name)).isDirectory())
    .sort()
    .map((name) => {
      const caseDir = path.join(dir, name);
      const valid = name.startsWith('valid-');
      const file = path.join(caseDir, 'expected.json');
      const expected = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { findings: ExpectedFinding[] }).findings : [];
      return { rule, name, dir: caseDir, valid, expected };
    });
}

/** Runs one rule alone (every other rule off) over a fixture system. */
export function runRule(rule: string, dir: string, extra: Partial<Config> = {}): { findings: Finding[]; diagnostics: Diagnostic[] } {
  const rules = Object.fromEntries(RULES.map((r) => [r.meta.id, r.meta.id === rule ? (extra.rules?.[rule] ?? r.meta.defaultSeverity) : 'off'])) as Config['rules'];
  const { report } = analyze(dir, { config: { ...DEFAULT_CONFIG, ...extra, rules } });
  return { findings: report.findings, diagnostics: report.diagnostics };
}

/** A finding in the shape fixtures state it. */
export function asExpected(finding: Finding): ExpectedFinding {
  return {
    message: finding.message,
    subjects: finding.subjects,
    locations: finding.locations.map((l) => (l.line ? `${l.file}:${l.line}` : l.file)),
    ...(finding.suppressed ? { suppressed: true } : {}),
  };
}
