import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';

/**
 * Keeps the sample system's ground truth honest: every expected finding and negative must
 * point at a line of the sample that still says what the entry claims, and EXPECTED.md must
 * list the same places. When a sample file changes, fix the line numbers in
 * sample-system/expected-findings.json and EXPECTED.md.
 */

const SAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../sample-system');

const RULE_IDS = new Set([
  'shared-database', 'shared-instance', 'foreign-data-access', 'service-cycle', 'sync-fan-out', 'sync-chain-depth',
  'chatty-calls', 'per-item-remote-call', 'shared-library', 'hardcoded-endpoint', 'undeclared-dependency',
  'unused-dependency', 'missing-timeout', 'excessive-timeout', 'missing-circuit-breaker', 'retry-without-backoff',
  'missing-idempotency-key', 'distributed-transaction', 'missing-health-check', 'missing-tracing',
  'unstructured-logging', 'plaintext-secret', 'no-api-gateway', 'missing-probes', 'missing-resource-limits',
  'single-replica', 'untyped-events',
]);

/** The smells issue 5 asks the sample to seed, by rule. */
const SEEDED_RULES = [
  'shared-database', 'sync-fan-out', 'chatty-calls', 'per-item-remote-call', 'missing-timeout', 'excessive-timeout',
  'missing-idempotency-key', 'service-cycle', 'hardcoded-endpoint', 'plaintext-secret', 'missing-probes',
  'missing-resource-limits', 'retry-without-backoff', 'untyped-events',
];

const SUBJECT = /^(service|gateway):[a-z0-9-]+$|^external:[a-z0-9.-]+$|^datastore:[a-z]+:[a-z0-9.-]+(\/[a-z0-9_-]+)?$|^channel:[a-z]+:[a-z0-9._-]+$/;

interface Place {
  file: string;
  line: number;
  evidence: string;
}
interface Entry extends Place {
  ruleId: string;
  subjects: string[];
  related?: Place[];
  note?: string;
  why?: string;
}

const expected = JSON.parse(readFileSync(path.join(SAMPLE, 'expected-findings.json'), 'utf8')) as { findings: Entry[]; negatives: Entry[] };
const expectedMd = readFileSync(path.join(SAMPLE, 'EXPECTED.md'), 'utf8');
const composeServices = Object.keys((parseYaml(readFileSync(path.join(SAMPLE, 'docker-compose.yml'), 'utf8')) as { services: object }).services);

function lineOf(place: Place): string | undefined {
  const file = path.join(SAMPLE, place.file);
  if (!existsSync(file)) return undefined;
  return readFileSync(file, 'utf8').split('\n')[place.line - 1];
}

const label = (entry: Entry): string => `${entry.ruleId} at ${entry.file}:${entry.line}`;

describe('sample-system/expected-findings.json', () => {
  const all = [...expected.findings, ...expected.negatives];

  it.each(all.map((entry) => [label(entry), entry] as const))('%s points at its evidence', (_label, entry) => {
    expect(RULE_IDS.has(entry.ruleId), `unknown rule ${entry.ruleId}`).toBe(true);
    for (const subject of entry.subjects) {
      expect(subject).toMatch(SUBJECT);
      const [kind, name] = subject.split(':');
      if (kind === 'service' || kind === 'gateway') expect(composeServices).toContain(name);
    }
    for (const place of [entry, ...(entry.related ?? [])]) {
      expect(lineOf(place), `${place.file}:${place.line} should contain ${JSON.stringify(place.evidence)}`).toContain(place.evidence);
    }
    expect((entry.note ?? entry.why ?? '').length).toBeGreaterThan(20);
  });

  it('seeds every smell the issue asks for', () => {
    const rules = new Set(expected.findings.map((finding) => finding.ruleId));
    for (const rule of SEEDED_RULES) expect(rules, rule).toContain(rule);
  });

  it('lists each expected finding once', () => {
    const keys = expected.findings.map((f) => `${f.ruleId}|${f.subjects.join(',')}|${f.file}:${f.line}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('has no negative that an expected finding would violate', () => {
    for (const negative of expected.negatives) {
      const violated = expected.findings.filter(
        (finding) =>
          finding.ruleId === negative.ruleId &&
          negative.subjects.every((subject) => finding.subjects.includes(subject)) &&
          [finding, ...(finding.related ?? [])].some((place) => place.file === negative.file),
      );
      expect(violated.map(label), label(negative)).toEqual([]);
    }
  });

  it('agrees with EXPECTED.md', () => {
    for (const entry of all) {
      expect(expectedMd, `EXPECTED.md should mention ${entry.file}:${entry.line}`).toContain(`${entry.file}:${entry.line}`);
      expect(expectedMd).toContain(`\`${entry.ruleId}\``);
    }
  });
});
