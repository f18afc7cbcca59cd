import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './helpers/cli.js';
import { fixture } from './helpers/fixtures.js';

describe('determinism', () => {
  it.each(['manifests/compose/basic', 'manifests/kubernetes/workloads', 'e2e/polyglot-grpc'])('%s: two runs give byte-identical JSON', (name) => {
    const outputs = [tempDir(), tempDir()].map((out) => {
      expect(runCli([fixture(name), '--out', out, '--quiet', '--format', 'json', '--fail-on', 'never']).code).toBe(0);
      return readFileSync(path.join(out, 'archreview.json'), 'utf8');
    });
    expect(outputs[0]).toBe(outputs[1]);
    expect(outputs[0]).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    expect(outputs[0]).not.toContain(tempDir().slice(0, 5) === '/tmp/' ? '/tmp/archreview-' : '\u0000');
  });
});
