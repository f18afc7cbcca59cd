import { test } from 'vitest';
import { analyze } from '../analyzer/run.js';
import { DEFAULT_CONFIG } from '../analyzer/config/schema.js';
test('peek', () => {
  for (const c of (process.env.CASES ?? '').split(',')) {
    const { report } = analyze(`fixtures/manifests/${c}`, { config: DEFAULT_CONFIG });
    console.log(c, JSON.stringify(report.services.map((s) => [s.id, s.kind, s.name])), '\n' + report.edges.map((e) => JSON.stringify(e)).join('\n'), '\n' + report.diagnostics.map((d) => JSON.stringify(d)).join('\n'));
  }
});
