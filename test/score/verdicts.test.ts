import { cpSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../analyzer/config/load-config.js';
import { renderMarkdown } from '../../analyzer/report/markdown-reporter.js';
import { analyze } from '../../analyzer/run.js';
import type { Report } from '../../analyzer/types/index.js';
import { tempDir } from '../helpers/cli.js';
import { fixture } from '../helpers/fixtures.js';
import { TestRepo } from './git-repo.js';

type Score = Report['score'];

function run(dir: string): Report {
  return analyze(dir, { config: loadConfig(dir).config }).report;
}

/** One commit every `step` days from `start`, by the given authors in turn, changing `files`. */
function series(repo: TestRepo, start: string, step: number, commits: { authors: string[]; files: string[]; times: number }[]): void {
  let day = 0;
  for (const c of commits)
    for (let i = 0; i < c.times; i++) {
      repo.commit({ author: c.authors[i % c.authors.length]!, date: new Date(Date.parse(start) + day * step * 86_400_000).toISOString(), files: c.files });
      day++;
    }
}

const holds = (score: Score, group: string): Record<string, boolean | null> => Object.fromEntries(score.heuristics.filter((h) => h.group === group).map((h) => [h.id, h.holds]));
const svc = (name: string): string => `services/${name}/src/index.ts`;

describe('small team with many tiny services', () => {
  let report: Report;
  beforeAll(() => {
    const repo = TestRepo.from(fixture('score', 'tiny-services'));
    repo.importAll('Ann Archer', '2023-10-01T10:00:00Z');
    series(repo, '2024-03-02T10:00:00Z', 3, [
      { authors: ['Ann Archer', 'Bob Baker'], files: [svc('cart'), svc('checkout'), svc('pricing')], times: 5 },
      { authors: ['Cy Cole'], files: [svc('profile'), svc('accounts')], times: 4 },
      { authors: ['Bob Baker'], files: [svc('notifier')], times: 2 },
    ]);
    report = run(repo.dir);
  });

  it('measures change coupling exactly, leaving the sweeping import out', () => {
    const h = report.score.history!;
    expect(h.headDate).toBe('2024-04-01');
    expect(h.couplingSkipped).toBe(1);
    expect(h.coupling.map((c) => [c.a, c.b, c.support, c.confidenceAB, c.confidenceBA, c.degree, c.strong])).toEqual([
      ['cart', 'checkout', 5, 1, 1, 1, true],
      ['cart', 'pricing', 5, 1, 1, 1, true],
      ['checkout', 'pricing', 5, 1, 1, 1, true],
      ['accounts', 'profile', 4, 1, 1, 1, true],
    ]);
    expect(h.activeAuthors).toBe(3);
    expect(h.services.find((s) => s.service === 'profile')).toEqual({ service: 'profile', revisions: 5, commitsInWindow: 4, commitsPerWeek: 0.31, authors: ['Cy Cole'] });
  });

  it('says consolidate: merge the two groups that change together, keep notifier', () => {
    const { score } = report;
    expect(score.verdict).toBe('consolidate');
    expect(score.confidence).toBe('high');
    expect(score.candidates.map((c) => [c.kind, c.rank, c.members])).toEqual([
      ['merge', 1, ['cart', 'checkout', 'pricing']],
      ['merge', 2, ['accounts', 'profile']],
    ]);
    expect(score.candidates[1]!.reasons).toEqual(['accounts and profile changed together in 4 commits (100% of accounts\u2019, 100% of profile\u2019s)', 'each is under 5,000 lines', 'one owner: Cy Cole (the only active author of all of them)']);
    expect(score.reasons[2]).toBe('Keep the other service as it is: no evidence ties it to another service.');
    expect(score.reasons).toContain('3 of 5 reasons against microservices hold: fewer than 15 engineers work on the system (4, declared); traffic is under 1,000,000 requests a day (50000, declared); nobody is dedicated to the platform (CI/CD, clusters, observability) (no, declared).');
    expect(holds(score, 'against-split')).toEqual({ 'small-team': true, 'low-traffic': true, 'shared-data': false, 'no-platform': true, 'pre-pmf': false });
    expect(holds(score, 'for-split')).toEqual({ 'team-autonomy': false, 'scaling-profiles': false, 'compliance-scopes': false, 'platform-team': false });
    expect(holds(score, 'size')).toEqual({ 'tiny-services': true, 'service-size': false, 'large-service': false, 'services-per-engineer': true });
  });

  it('sequences the merges after the stabilising fixes, most coupled group first', () => {
    const { score } = report;
    const merges = score.recommendations.filter((r) => r.kind === 'shape');
    expect(merges.map((r) => [r.where, r.impact, r.effort, r.risk])).toEqual([
      [['accounts', 'profile'], 'high', 'medium', 'medium'],
      [['cart', 'checkout', 'pricing'], 'high', 'large', 'medium'],
    ]);
    const shapeSteps = score.migration.filter((s) => s.title.startsWith('Change the shape'));
    expect(shapeSteps.map((s) => s.recommendations[0])).toEqual([merges[1]!.id, merges[0]!.id]);
    expect(shapeSteps[0]!.evidence).toContain('candidate:cart+checkout+pricing');
    expect(score.migration.findIndex((s) => s.title === 'Make failures visible and bounded')).toBeLessThan(score.migration.indexOf(shapeSteps[0]!));
  });
});

describe('large organisation with distinct scaling and compliance', () => {
  let report: Report;
  beforeAll(() => {
    const repo = TestRepo.from(fixture('score', 'large-org'));
    repo.importAll('Pat Platform', '2024-01-10T10:00:00Z');
    series(repo, '2024-02-01T10:00:00Z', 2, [
      { authors: ['Sam Store', 'Sia Store'], files: [svc('storefront')], times: 3 },
      { authors: ['Sue Search'], files: ['services/search/main.go'], times: 2 },
      { authors: ['Pia Pay'], files: [svc('payments')], times: 2 },
      { authors: ['Rob Report'], files: [svc('reports')], times: 1 },
      { authors: ['Al Account'], files: [svc('accounts')], times: 2 },
    ]);
    report = run(repo.dir);
  });

  it('says keep the services: all four reasons for a split hold and nothing belongs together', () => {
    const { score } = report;
    expect(score.verdict).toBe('keep-services');
    expect(score.confidence).toBe('high');
    expect(score.candidates).toEqual([]);
    expect(holds(score, 'for-split')).toEqual({ 'team-autonomy': true, 'scaling-profiles': true, 'compliance-scopes': true, 'platform-team': true });
    expect(holds(score, 'against-split')).toEqual({ 'small-team': false, 'low-traffic': false, 'shared-data': false, 'no-platform': false, 'pre-pmf': false });
    expect(score.reasons[0]).toBe('4 reasons for microservices hold and no services were found that belong together: keep the current boundaries.');
    expect(score.history!.coupling).toEqual([]);
  });

  it('measures scaling profiles from replicas, HPA ranges and the CronJob, and compliance from labels and namespaces', () => {
    const { score } = report;
    const scaling = score.heuristics.find((h) => h.id === 'scaling-profiles')!;
    expect(scaling.input).toBe('15\u00d7 and batch');
    expect(scaling.evidence).toEqual([
      'accounts: replicas 2',
      'payments: replicas 3',
      'reports: batch job',
      'search: hpa 2-20',
      'storefront: hpa 3-30',
      'largest capacity 30 replicas, smallest 2 (15\u00d7; 3\u00d7 or more counts)',
    ]);
    const compliance = score.heuristics.find((h) => h.id === 'compliance-scopes')!;
    expect(compliance).toMatchObject({ input: '1 of 5 services', source: 'measured', holds: true });
    expect(compliance.evidence).toEqual(['payments: payments-pci, pci', 'declared scopes: pci']);
    expect(score.heuristics.find((h) => h.id === 'matrix-stacks')).toMatchObject({ input: 2, holds: true });
  });
});

describe('modular monolith with clear clusters', () => {
  let report: Report;
  const build = (): Report => {
    const repo = TestRepo.from(fixture('score', 'modular-monolith'));
    repo.importAll('Ann Archer', '2024-01-10T10:00:00Z');
    series(repo, '2024-02-01T10:00:00Z', 1, [{ authors: ['Bob Baker', 'Cy Cole'], files: ['app/src/billing/tax.ts', 'app/src/billing/payment.ts'], times: 3 }]);
    return run(repo.dir);
  };
  beforeAll(() => {
    report = build();
  });

  // Tables are measured once a data-access extractor names them (db-access facts); the clusters
  // and the pick are the same either way, the table columns and the modularity differ.
  it('clusters the module import graph with Louvain into the three modules and the shared kernel', () => {
    const [analysis] = report.score.modules;
    expect(analysis).toMatchObject({ service: 'shop', files: 16, imports: 32, modularity: analysis!.tablesMeasured ? 0.53 : 0.57 });
    expect(analysis!.clusters.map((c) => [c.id, c.name, c.role, c.folders, c.files, c.cohesion, c.importsIn, c.importsOut, c.dependents])).toEqual([
      ['C1', 'orders', 'candidate', ['app/src/orders'], 5, 0.8, 0, 2, []],
      ['C2', 'billing', 'candidate', ['app/src/billing'], 4, 0.86, 1, 0, ['C1']],
      ['C3', 'catalog', 'candidate', ['app/src/catalog'], 4, 0.86, 1, 0, ['C1']],
      ['K', 'shared', 'shared-kernel', ['app/src/shared'], 2, 0, 7, 0, ['C1', 'C2', 'C3']],
    ]);
    if (analysis!.tablesMeasured)
      expect(analysis!.clusters.map((c) => [c.name, c.tables, c.sharedTables])).toEqual([
        ['orders', ['order_lines', 'orders', 'products'], ['products']],
        ['billing', ['payments'], []],
        ['catalog', ['products'], ['products']],
        ['shared', [], []],
      ]);
    else expect(analysis!.clusters.every((c) => c.tables.length === 0)).toBe(true);
    expect(analysis!.notes.slice(0, 2)).toEqual([
      '2 files imported from 3 or more module folders form the shared kernel (K) and stay out of the clustering: app/src/shared/db.ts, app/src/shared/logger.ts',
      '1 entry point that wires the modules together stays out of the clustering: app/src/index.ts',
    ]);
  });

  it('says extract the best-ranked module: two reasons for a split hold', () => {
    const { score } = report;
    const measured = score.modules[0]!.tablesMeasured;
    expect(score.verdict).toBe('extract');
    expect(score.confidence).toBe('high');
    expect(score.candidates).toEqual([
      {
        kind: 'extract',
        name: 'billing',
        service: 'shop',
        members: ['app/src/billing'],
        rank: 1,
        metrics: { files: 4, loc: 34, cohesion: 0.86, importsIn: 1, importsOut: 0, sharedTables: 0 },
        reasons: ['cohesion 0.86: 6 of its 7 imports stay inside', '1 import from other clusters and 0 to them (used by orders)', measured ? 'shares no table with other clusters' : 'table sharing not measured'],
      },
    ]);
    expect(score.reasons[0]).toBe('shop is one deployable and 2 reasons for a split hold: extract billing first; billing (4 files) has cohesion 0.86, 1 import across its boundary and no shared table.');
    expect(score.heuristics.find((h) => h.id === 'shared-data')).toMatchObject(measured ? { input: '1 of 4 tables', source: 'proxy', holds: false } : { input: null, source: 'unknown', holds: null });
    const extraction = score.recommendations.find((r) => r.kind === 'shape')!;
    expect(extraction.action).toMatch(/^Extract billing \(app\/src\/billing\) as a service of its own/);
    expect(score.migration.find((s) => s.title === 'Change the shape')!.recommendations).toEqual([extraction.id]);
  });

  it('is the same on a second run (seeded Louvain)', () => {
    expect(build().score.modules).toEqual(report.score.modules);
  });
});

describe('unknown organisation context', () => {
  it('gives a low-confidence verdict and lists the unknown inputs', () => {
    const repo = TestRepo.from(fixture('score', 'unknown-context'));
    repo.importAll('Ann Archer', '2024-01-10T10:00:00Z');
    repo.commit({ author: 'Bob Baker', date: '2024-01-12T10:00:00Z', files: ['api/src/main.ts'] });
    const { score } = run(repo.dir);
    expect(score.verdict).toBe('keep-services');
    expect(score.confidence).toBe('low');
    expect(score.reasons).toContain('Unknown inputs, not guessed: requests per day, platform team, product-market fit, teams, compliance scopes.');
    expect(score.unknowns).toEqual(['compliance scopes', 'deployment frequency', 'platform team', 'product-market fit', 'requests per day', 'teams']);
    const team = score.heuristics.find((h) => h.id === 'small-team')!;
    expect(team).toMatchObject({ input: 2, source: 'proxy', holds: true });
    expect(team.evidence).toEqual(['git shows 2 active authors in the 90 days before 2024-01-12; active authors stand in for engineers (not declared)']);
    expect(score.recommendations.find((r) => r.kind === 'inputs')!.action).toBe(
      'Declare what only people know under organization in archreview.yaml (teams, requests per day, product-market fit, platform team, compliance scopes) and run the review again: the verdict rests on them',
    );
  });

  it('without git history, engineers are unknown too and the report says why', () => {
    const dir = tempDir('archreview-score-');
    cpSync(fixture('score', 'unknown-context'), dir, { recursive: true });
    const report = run(dir);
    expect(report.score.history).toBeNull();
    expect(report.diagnostics).toContainEqual({ level: 'info', code: 'git-history-unavailable', message: 'git history not read (the folder is not inside a git work tree); history signals are unknown' });
    expect(report.score.verdict).toBe('keep-services');
    expect(report.score.confidence).toBe('low');
    expect(report.score.unknowns).toEqual(['compliance scopes', 'deployment frequency', 'engineers', 'git history', 'platform team', 'product-market fit', 'requests per day', 'teams']);
    expect(report.score.heuristics.find((h) => h.id === 'small-team')).toMatchObject({ input: null, source: 'unknown', holds: null });
    expect(report.score.signals.find((s) => s.id === 'active-authors')).toMatchObject({ value: null, source: 'unknown' });
  });
});

describe('the sample system', () => {
  it('shows the scorecard with its reasons in report.md', () => {
    const root = fixture('..', 'sample-system');
    const report = run(root);
    const { score } = report;
    expect(score.verdict).toBe('consolidate');
    expect(score.candidates.map((c) => c.members)).toEqual([['inventory', 'orders', 'shipping']]);
    expect(score.candidates[0]!.reasons.slice(0, 3)).toEqual(['orders and shipping call each other synchronously in a cycle', 'inventory and orders share the database shop-db/shop', 'each is under 5,000 lines']);
    const text = renderMarkdown(report, { color: false });
    expect(text).toContain('**Verdict: Merge specific services**');
    expect(text).toContain('- Merge inventory, orders, shipping: orders and shipping call each other synchronously in a cycle; inventory and orders share the database shop-db/shop; each is under 5,000 lines');
    expect(text).toContain('- 4 of 5 reasons against microservices hold: fewer than 15 engineers work on the system (12, declared);');
    expect(text).toContain('### Heuristics');
    expect(text).toContain('| Fewer than 15 engineers work on the system | 12 | declared in archreview.yaml | \u2714 yes |');
    expect(text).toContain('| Services call each other in a synchronous cycle, so they fail together | 1 | measured in the repository | \u2714 yes | orders \u2194 shipping |');
    expect(text).toMatch(/\| R\d+ \| Merge inventory, orders, shipping into one service: .* \| high \| large \| medium \| inventory, orders, shipping \| candidate inventory\+orders\+shipping/);
    expect(text).toMatch(/\n1\. \*\*Make failures visible and bounded\.\*\*/);
    expect(text).toMatch(/\*\*Change the shape\.\*\* .*Recommendations: R\d+ \(merge inventory\+orders\+shipping\), R\d+ \(`service-cycle`\)/);
  });
});
