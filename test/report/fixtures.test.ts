import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ReportSchema } from '../../analyzer/types/index.js';
import { fixture } from '../helpers/fixtures.js';

const dir = fixture('reports');

describe('hand-made Report fixtures', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

  it('include the realistic system and the hostile names', () => {
    expect(files).toEqual(expect.arrayContaining(['acme-shop.json', 'hostile-names.json']));
  });

  it.each(files)('%s matches the Report schema', (file) => {
    const result = ReportSchema.safeParse(JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')));
    expect(result.error?.issues ?? []).toEqual([]);
  });

  it('acme-shop covers every node kind, edge kind, severity and a suppressed finding', () => {
    const report = ReportSchema.parse(JSON.parse(readFileSync(`${dir}/acme-shop.json`, 'utf8')));
    expect(new Set(report.services.map((s) => s.kind))).toEqual(new Set(['service', 'gateway', 'external']));
    expect(report.services.some((s) => s.thirdParty && s.kind === 'service')).toBe(true);
    expect(report.datastores.length).toBeGreaterThan(0);
    expect(report.channels.length).toBeGreaterThan(0);
    expect(new Set(report.edges.map((e) => e.kind))).toEqual(new Set(['http', 'grpc', 'publishes', 'consumes', 'reads', 'writes', 'connects', 'depends-on']));
    expect(new Set(report.findings.map((f) => f.severity))).toEqual(new Set(['error', 'warn', 'info']));
    expect(report.findings.some((f) => f.suppressed)).toBe(true);
    expect(report.findings.every((f) => f.suppressed || f.locations.length)).toBe(true);
    expect(new Set(report.score.checklist.map((r) => r.status))).toEqual(new Set(['pass', 'fail', 'unknown']));
    expect(report.score.signals.length).toBeGreaterThan(0);
    expect(new Set(report.diagnostics.map((d) => d.level))).toEqual(new Set(['error', 'warning', 'info']));
  });
});
