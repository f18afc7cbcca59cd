import { readFileSync } from 'node:fs';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { FINGERPRINT_KEY, sarifReporter, toSarif, toUri } from '../../analyzer/report/sarif-reporter.js';
import type { Report } from '../../analyzer/types/index.js';
import { CONTROL, emptyReport, loadFixture } from './payloads.js';

/** The SARIF 2.1.0 JSON schema (rtm.5, the published 2.1.0 schema), vendored from the MIT-licensed @microsoft/jest-sarif package. */
const schema = JSON.parse(readFileSync(new URL('./schemas/sarif-2.1.0-rtm.5.json', import.meta.url), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

function sarif(report: Report, options = {}) {
  const out = sarifReporter(report, { color: false, ...options });
  expect(out.file?.name).toBe('findings.sarif');
  return JSON.parse(out.file!.content);
}

describe('sarif reporter', () => {
  it.each([
    ['acme-shop', () => loadFixture('acme-shop.json')],
    ['hostile names', () => loadFixture('hostile-names.json')],
    ['empty', emptyReport],
  ])('%s validates against the SARIF 2.1.0 schema', (_, load) => {
    const log = sarif(load());
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('has one rule per rule id, with help text and help URI, and results pointing at them', () => {
    const report = loadFixture('acme-shop.json');
    const log = sarif(report);
    const run = log.runs[0];
    const ids = [...new Set(report.findings.map((f) => f.ruleId))].sort();
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(ids);
    const timeout = run.tool.driver.rules.find((r: { id: string }) => r.id === 'missing-timeout');
    expect(timeout).toMatchObject({
      id: 'missing-timeout',
      name: 'MissingTimeout',
      shortDescription: { text: 'missing-timeout' },
      helpUri: 'https://github.com/archreview/archreview/blob/main/rules/missing-timeout.md',
      help: { text: 'Documentation: https://github.com/archreview/archreview/blob/main/rules/missing-timeout.md' },
      defaultConfiguration: { level: 'warning' },
      properties: { category: 'resilience' },
    });
    expect(run.results).toHaveLength(report.findings.length);
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
  });

  it('maps severities, locations, fingerprints and suppressions', () => {
    const log = sarif(loadFixture('acme-shop.json'));
    const results = log.runs[0].results;
    const cycle = results.find((r: { ruleId: string }) => r.ruleId === 'sync-cycle');
    expect(cycle).toMatchObject({
      level: 'error',
      message: { text: 'orders and payments call each other synchronously: orders → payments → orders.' },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'services/orders/src/clients/payments.ts', uriBaseId: 'SRCROOT' }, region: { startLine: 9 } } }],
      relatedLocations: [{ id: 1, physicalLocation: { artifactLocation: { uri: 'services/payments/src/settle.ts' }, region: { startLine: 41 } } }],
      partialFingerprints: { [FINGERPRINT_KEY]: 'b2c3d4e5f6071829' },
      properties: { category: 'coupling', subjects: ['orders', 'payments'] },
    });
    const timeout = results.find((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints[FINGERPRINT_KEY] === 'd4e5f60718293041');
    expect(timeout.locations[0].physicalLocation.region).toEqual({ startLine: 14, startColumn: 3 });
    expect(results.filter((r: { level: string }) => r.level === 'note')).toHaveLength(4);
    const suppressed = results.filter((r: { suppressions?: unknown[] }) => r.suppressions);
    expect(suppressed.map((r: { suppressions: unknown[] }) => r.suppressions[0])).toEqual([
      { kind: 'external', status: 'accepted', justification: 'The Stripe SDK sets an 80 s default; tracked in PAY-112.', location: { physicalLocation: { artifactLocation: { uri: 'archreview.yaml', uriBaseId: 'SRCROOT' }, region: { startLine: 14 } } } },
      { kind: 'external', status: 'accepted', justification: 'Service is being retired in Q3.' },
    ]);
    // A finding without a location points at where its subject is declared.
    const tracing = suppressed.find((r: { ruleId: string }) => r.ruleId === 'no-tracing');
    expect(tracing.locations[0].physicalLocation.artifactLocation.uri).toBe('docker-compose.yml');
  });

  it('reports the diagnostics as tool notifications', () => {
    const log = sarif(loadFixture('acme-shop.json'));
    const notes = log.runs[0].invocations[0].toolExecutionNotifications;
    expect(notes[0]).toEqual({ level: 'error', message: { text: 'bad indentation of a mapping entry' }, descriptor: { id: 'yaml-parse' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'k8s/legacy/cron.yaml', uriBaseId: 'SRCROOT' }, region: { startLine: 12 } } }] });
  });

  it('takes titles, rationale and fixes from the rules registry when given', () => {
    const log = toSarif(loadFixture('acme-shop.json'), {
      color: false,
      ruleMeta: (id) => (id === 'sync-cycle' ? { id, title: 'Synchronous call cycle', rationale: 'Services in a cycle fail together.', fix: 'Break the cycle with an event.', defaultSeverity: 'error' } : undefined),
    });
    expect(log.runs[0]!.tool.driver.rules!.find((r) => r.id === 'sync-cycle')).toMatchObject({
      shortDescription: { text: 'Synchronous call cycle' },
      fullDescription: { text: 'Services in a cycle fail together.' },
      help: { text: 'Services in a cycle fail together.\n\nFix: Break the cycle with an event.\n\nDocumentation: https://github.com/archreview/archreview/blob/main/rules/sync-cycle.md' },
    });
  });

  it('escapes repository strings: URIs percent-encoded, no control characters, no help link for odd rule ids', () => {
    const text = sarifReporter(loadFixture('hostile-names.json'), { color: false }).file!.content;
    expect(JSON.parse(text)).toBeTruthy();
    expect(text).not.toMatch(/\\u001b|\\u0007/);
    const log = JSON.parse(text);
    for (const r of log.runs[0].results) {
      expect(r.message.text).not.toMatch(CONTROL);
      for (const l of r.locations ?? []) expect(l.physicalLocation.artifactLocation.uri).toMatch(/^[A-Za-z0-9\-._~%!$&'()*+,;=:@/]*$/);
    }
    const odd = log.runs[0].tool.driver.rules.find((r: { id: string }) => r.id.startsWith('<img'));
    expect(odd.helpUri).toBeUndefined();
    expect(toUri('src/a b/<x>#?.ts')).toBe('src/a%20b/%3Cx%3E%23%3F.ts');
  });
});
