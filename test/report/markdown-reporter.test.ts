import { Marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../analyzer/config/load-config.js';
import { markdownReporter, renderMarkdown } from '../../analyzer/report/markdown-reporter.js';
import { analyze } from '../../analyzer/run.js';
import type { Report } from '../../analyzer/types/index.js';
import { renderMarkdown as renderForViewer } from '../../web/src/lib/markdown.js';
import { REPO_ROOT, SHARED } from '../helpers/fixtures.js';
import { CONTROL, emptyReport, loadFixture, unsafeTags } from './payloads.js';

const SECTIONS = [
  '## Summary',
  '## Current state',
  '## Inventory',
  '## Findings',
  '## Failure-mode analysis',
  '## Production checklist',
  '## Split-or-stay scorecard',
  '## Prioritized recommendations',
  '## Migration sequence',
  '## Appendix',
];
const FAILURE_MODES = ['Network partitions and timeouts', 'Cascading failures and circuit breakers', 'Thundering herds and caching', 'Idempotency drift', 'Schema evolution', 'Distributed transactions', 'Clock skew'];
const md = (report: Report): string => renderMarkdown(report, { color: false });

/** Plain marked, raw HTML allowed: what GitHub-like renderers do with the file. */
const plainMarked = new Marked({ gfm: true, async: false });

function tables(markdown: string): string[][] {
  const blocks: string[][] = [];
  let current: string[] = [];
  for (const line of markdown.split('\n')) {
    if (line.startsWith('|')) current.push(line);
    else if (current.length) {
      blocks.push(current);
      current = [];
    }
  }
  if (current.length) blocks.push(current);
  return blocks;
}

/** Cell separators: pipes not escaped with a backslash. */
const pipes = (line: string): number => (line.replace(/\\\\/g, '').match(/(?<!\\)\|/g) ?? []).length;

function expectWellFormed(markdown: string): void {
  expect(markdown).not.toMatch(CONTROL);
  for (const table of tables(markdown)) {
    const width = pipes(table[0]!);
    for (const row of table) expect({ row, pipes: pipes(row) }).toEqual({ row, pipes: width });
  }
  const fences = markdown.split('\n').filter((l) => l.startsWith('```'));
  expect(fences.length % 2).toBe(0);
  const html = plainMarked.parse(markdown) as string;
  expect(unsafeTags(html)).toEqual([]);
  expect(unsafeTags(renderForViewer(markdown))).toEqual([]);
}

describe('markdown reporter', () => {
  it('writes report.md', () => {
    const out = markdownReporter(loadFixture('acme-shop.json'), { color: false });
    expect(out.file?.name).toBe('report.md');
    expect(out.stdout).toBeUndefined();
  });

  it.each([
    ['acme-shop', () => loadFixture('acme-shop.json')],
    ['hostile names', () => loadFixture('hostile-names.json')],
    ['empty', emptyReport],
  ])('%s: every section in order, well formed', (_, load) => {
    const text = md(load());
    const positions = SECTIONS.map((s) => text.indexOf(`\n${s}\n`));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    for (const mode of FAILURE_MODES) expect(text).toContain(`### ${mode}`);
    expectWellFormed(text);
  });

  it('is deterministic', () => {
    expect(md(loadFixture('acme-shop.json'))).toBe(md(loadFixture('acme-shop.json')));
  });

  it('fills the sections of a realistic report from its data', () => {
    const text = md(loadFixture('acme-shop.json'));
    expect(text).toContain('**Verdict: Move to a modular monolith** (confidence: medium)');
    expect(text).toMatch(/\| Error \| 2 \| 0 \|/);
    expect(text).toContain('```mermaid\nflowchart LR');
    expect(text).toContain('n13[("shop-pg/orders #40;postgres#41;")]');
    expect(text).toContain('| orders | service | typescript | 2,874 | 5 |');
    expect(text).toContain('- **F1 · Error** — orders and inventory both write to database "orders" on shop-pg (tables stock\\_reservations, orders).');
    expect(text).toContain('  - Evidence: `services/inventory/src/reservations.ts:52`, `services/orders/src/db.ts:6`');
    expect(text).toContain('**Fix:** see the [rule documentation](https://github.com/archreview/archreview/blob/main/rules/shared-database.md).');
    expect(text).toContain('orders, payments call each other synchronously in a cycle');
    expect(text).toContain('| `missing-timeout` | Warning | HTTP call to stripe has no timeout. | The Stripe SDK sets an 80 s default; tracked in PAY-112. | `archreview.yaml:14` |');
    expect(text).toContain('| R1 | Declare health checks (Kubernetes probes or a compose healthcheck) | high | small | low | inventory, recommendations | checklist: health checks |');
    expect(text).toContain('| R7 | Fold the services into one deployable with a module per service, one pair at a time, starting with the pair that shares data or calls each other most | high | large | medium | \u2014 | scorecard: fewer than 15 engineers work on the system, scorecard: the data model is shared across boundaries (standing in for heavy cross-entity joins), scorecard: nobody is dedicated to the platform (CI/CD, clusters, observability) |');
    expect(text).toContain('| inventory + orders | 11 | 61% of inventory, 65% of orders | 0.63 | yes |');
    expect(text).toContain('4. **Change the shape.** Merge one group at a time, the most coupled first; the merge turns calls and shared tables between the merged services into in-process code. Recommendations: R7 (fold the services into one deployable with a module per service).');
    expect(text).toContain('Not assessed by this version of archreview: health endpoint, probes, rate limiting.');
    expect(text).toContain('| error | `yaml-parse` | `k8s/legacy/cron.yaml:12` | bad indentation of a mapping entry |');
  });

  it('uses rule metadata for titles and fixes when the registry provides it', () => {
    const text = renderMarkdown(loadFixture('acme-shop.json'), {
      color: false,
      ruleMeta: (id) => (id === 'sync-cycle' ? { id, title: 'Synchronous call cycle', fix: 'Break the cycle with an event or merge the two services.', effort: 'large' } : undefined),
    });
    expect(text).toContain('#### Synchronous call cycle (`sync-cycle`)');
    expect(text).toContain('**Fix:** Break the cycle with an event or merge the two services. ([rule documentation](https://github.com/archreview/archreview/blob/main/rules/sync-cycle.md))');
    // Recommendations come from the Report (the score stage read the registry); the migration names them by the rule's title.
    expect(text).toMatch(/\| R\d+ \| Resolve sync-cycle \(1 finding\) \| high \| medium \| medium \| orders, payments \| F\d+ error \|/);
    expect(text).toMatch(/Recommendations: R\d+ \(`plaintext-secret`|[^)]*\), R\d+ \(Synchronous call cycle\)/);
  });

  it('says plainly when there is nothing, and invents nothing', () => {
    const text = md(emptyReport());
    expect(text).toContain('No rule reported an open finding in this run.');
    expect(text).toContain('**Verdict: none yet.**');
    expect(text).toContain('**No verdict.** archreview did not decide whether this system should split, stay or merge.');
    expect(text).toContain('No recommendations: there are no open findings and no failing checklist items to act on.');
    expect(text).toContain('Nothing to sequence: there are no recommendations and no verdict to work towards.');
    expect(text).toContain('There is nothing to draw: the Report lists no services, datastores or channels.');
    expect(text).toContain('The Report holds no checklist rows');
    expect(text).toContain('None: every file archreview looked at could be read and understood.');
    expect(text).not.toMatch(/\bF\d+\b/);
    expect(text).not.toMatch(/\bR\d+\b/);
  });

  it('escapes every repository string: no markup, links, table breaks or terminal escapes get through', () => {
    const text = md(loadFixture('hostile-names.json'));
    expect(text).not.toContain('\u001b');
    const html = plainMarked.parse(text) as string;
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toMatch(/<a [^>]*href="(javascript|http:\/\/evil)/i);
    const mermaid = text.slice(text.indexOf('```mermaid'), text.indexOf('```', text.indexOf('```mermaid') + 3));
    for (const label of mermaid.match(/"[^"\n]*"/g) ?? []) expect(label).not.toMatch(/[<>`|[\]{}]/);
  });

  it('renders the sample system from real analysis, every section filled or plainly empty', () => {
    const root = `${REPO_ROOT}/sample-system`;
    const { report } = analyze(root, { config: loadConfig(root).config });
    const text = md(report);
    for (const s of SECTIONS) expect(text).toContain(`\n${s}\n`);
    for (const mode of FAILURE_MODES) expect(text).toContain(`### ${mode}`);
    for (const s of report.services.filter((x) => x.kind === 'service')) expect(text).toContain(`| ${s.name} | service |`);
    expect(text).toContain('```mermaid');
    expectWellFormed(text);
  });

  it('renders a real analysis: awesome-compose react-express-mongodb', () => {
    const root = `${SHARED}/real-world/awesome-compose/react-express-mongodb`;
    const { report } = analyze(root, { config: loadConfig(root).config });
    const text = md(report);
    for (const s of SECTIONS) expect(text).toContain(`\n${s}\n`);
    expect(text).toContain('n1["backend"]');
    expect(text).toMatch(/\| frontend \| service \|/);
    expectWellFormed(text);
  });
});
