import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfigText } from './load-config.js';
import { DEFAULT_LIMITS } from './schema.js';

describe('parseConfigText', () => {
  it('accepts every documented key and fills defaults', () => {
    const config = parseConfigText(
      [
        'include: ["services/**"]',
        'services:',
        '  auth: { external: true }',
        '  db: { infra: postgres }',
        '  worker: { rename: jobs, path: apps/worker, owners: [team-a] }',
        'rules:',
        '  sync-fan-out: [error, { threshold: 5 }]',
        '  single-replica: off',
        '  missing-timeout: { severity: warn, options: { maxMs: 2000 } }',
        'organization: { engineers: 12, teams: 3, requestsPerDay: 250000, productMarketFit: true, platformTeam: false, complianceScopes: [pci] }',
        'history: { maxCommits: 200 }',
        'failOn: warn',
      ].join('\n'),
      'archreview.yaml',
    );
    expect(config).toEqual({
      include: ['services/**'],
      exclude: [],
      services: { auth: { external: true }, db: { infra: 'postgres' }, worker: { rename: 'jobs', path: 'apps/worker', owners: ['team-a'] } },
      rules: { 'sync-fan-out': ['error', { threshold: 5 }], 'single-replica': 'off', 'missing-timeout': { severity: 'warn', options: { maxMs: 2000 } } },
      organization: { engineers: 12, teams: 3, requestsPerDay: 250000, productMarketFit: true, platformTeam: false, complianceScopes: ['pci'] },
      history: { enabled: true, maxCommits: 200, windowDays: 90 },
      kustomize: {},
      failOn: 'warn',
      limits: DEFAULT_LIMITS,
    });
  });

  it.each([
    ['servces: {}', 'archreview.yaml: unknown key "servces"'],
    ['services: { a: { extrnal: true } }', 'archreview.yaml: unknown key "extrnal" in services.a'],
    ['organization: { engineers: -1 }', 'archreview.yaml: organization.engineers: Too small: expected number to be >=0'],
    ['failOn: sometimes', 'archreview.yaml: failOn: expected one of "info", "warn", "error", "never"'],
    ['services: { a: { infra: 3 } }', 'archreview.yaml: services.a.infra: expected true/false or a datastore kind such as postgres'],
    ['a: *nothing', 'archreview.yaml: Unresolved alias (the anchor must be set before the alias): nothing'],
    ['limits: { maxNestingDepth: 100000 }', 'archreview.yaml: limits.maxNestingDepth: Too big: expected number to be <=500'],
    ['limits: { maxFileBytes: 0 }', 'archreview.yaml: limits.maxFileBytes: Too small: expected number to be >0'],
  ])('%s → %s', (text, message) => {
    expect(() => parseConfigText(text, 'archreview.yaml')).toThrow(new ConfigError(message));
  });

  it('refuses alias bombs instead of expanding them', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcdefghij'.split('').map((c, i) => `${c}: &${c} [${Array(10).fill(`*${'abcdefghij'[i]}`).join(', ')}]`)].join('\n');
    expect(() => parseConfigText(bomb, 'archreview.yaml')).toThrow(ConfigError);
  });
});
