import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../analyzer/types/index.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { fixture } from '../helpers/fixtures.js';

describe('suppression comments in manifests', () => {
  it('a comment on the line or the line above, in compose and Kubernetes YAML, suppresses the findings it names and no others', () => {
    const out = tempDir();
    const result = runCli([fixture('e2e/manifest-suppressions'), '--out', out, '--format', 'json,text', '--no-color']);
    const report = JSON.parse(readFileSync(path.join(out, 'archreview.json'), 'utf8')) as Report;
    const rows = report.findings.map((f) => `${f.ruleId} ${f.locations[0]?.file}:${f.locations[0]?.line} ${f.suppressed ? `suppressed@${f.suppressed.location?.line}: ${f.suppressed.reason}` : 'open'}`);
    expect(rows).toEqual([
      'missing-health-check k8s/worker.yaml:4 open',
      "missing-probes k8s/worker.yaml:15 suppressed@14: a batch consumer, restarted by its queue's redelivery",
      "missing-resource-limits k8s/worker.yaml:15 suppressed@14: a batch consumer, restarted by its queue's redelivery",
      'missing-tracing k8s/worker.yaml:4 open',
      'plaintext-secret docker-compose.yml:8 suppressed@7: local development database, never deployed',
      'plaintext-secret docker-compose.yml:9 open',
      'plaintext-secret docker-compose.yml:13 suppressed@13: local only',
      'unstructured-logging services/worker/index.js:1 open',
    ]);
    // The open secret still fails the run; the summary counts the suppressed ones apart.
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/Findings\s+4\s+1 error · 2 warn · 1 info · 4 suppressed/);
  });
});
