import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigSchema } from '../analyzer/config/schema.js';
import { parseConfigText } from '../analyzer/config/load-config.js';
import { CONFIG_TEMPLATE } from '../analyzer/config/config-template.js';
import { REPO_ROOT } from './helpers/fixtures.js';

describe('published JSON Schemas', () => {
  const report = JSON.parse(readFileSync(path.join(REPO_ROOT, 'schema/report.schema.json'), 'utf8'));
  const config = JSON.parse(readFileSync(path.join(REPO_ROOT, 'schema/config.schema.json'), 'utf8'));

  it('describe every top-level key of the Report contract', () => {
    expect(report.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const root = report.$defs.Report;
    expect(Object.keys(root.properties)).toEqual(['schemaVersion', 'tool', 'root', 'generatedFrom', 'services', 'datastores', 'channels', 'edges', 'findings', 'score', 'diagnostics']);
    expect(root.required).toEqual(Object.keys(root.properties));
    expect(Object.keys(report.$defs)).toEqual(expect.arrayContaining(['Service', 'Datastore', 'Channel', 'Edge', 'Finding', 'Score', 'Diagnostic', 'Location']));
  });

  it('describe the config with defaults and descriptions, and reject unknown keys', () => {
    const root = config.$defs.ArchreviewConfig;
    expect(Object.keys(root.properties)).toEqual(['$schema', 'include', 'exclude', 'services', 'rules', 'organization', 'history', 'kustomize', 'failOn', 'limits']);
    expect(root.additionalProperties).toBe(false);
    expect(root.properties.organization.properties.engineers.description).toBe('Engineers working on the system.');
    expect(Object.keys(root.properties.limits.properties)).toEqual(expect.arrayContaining(['maxFiles', 'maxFileBytes', 'maxSourceBytes', 'maxNestingDepth', 'maxYamlAliases', 'perFileMs']));
    expect(root.properties.limits.properties.maxNestingDepth.maximum).toBe(500);
  });

  it('the init template is a valid config', () => {
    expect(parseConfigText(CONFIG_TEMPLATE, 'archreview.yaml')).toEqual(ConfigSchema.parse({}));
  });
});
