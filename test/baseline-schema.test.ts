import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { baselineFromReport, serializeBaseline } from '../analyzer/engine/baseline.js';
import { analyze } from '../analyzer/run.js';
import { loadConfig } from '../analyzer/config/load-config.js';
import { REPO_ROOT } from './helpers/fixtures.js';

describe('baseline JSON Schema', () => {
  const schema = JSON.parse(readFileSync(path.join(REPO_ROOT, 'schema/baseline.schema.json'), 'utf8'));

  it('describes the file archreview baseline writes', () => {
    expect(schema.$id).toBe('https://archreview.dev/schema/baseline.schema.json');
    const root = path.join(REPO_ROOT, 'sample-system');
    const baseline = JSON.parse(serializeBaseline(baselineFromReport(analyze(root, { config: loadConfig(root).config }).report)));
    const validate = new Ajv2020({ strict: false }).compile(schema);
    expect(validate(baseline), JSON.stringify(validate.errors)).toBe(true);
    expect(baseline.findings.length).toBeGreaterThan(0);
    // A file with an entry that lacks its fingerprint is not a baseline.
    delete baseline.findings[0].fingerprint;
    expect(validate(baseline)).toBe(false);
  });
});
