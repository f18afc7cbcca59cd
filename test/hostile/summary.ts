import type { Outcome } from './harness.js';

/** One category's counts, handed from the hostile tests to the summary reporter through task meta. */
export interface SummaryRow {
  category: string;
  cases: number;
  outcomes: Partial<Record<Outcome, number>>;
  ms: number;
  /** Peak resident memory of the CLI runs, MB. */
  peakMb?: number;
}

declare module 'vitest' {
  interface TaskMeta {
    hostileSummary?: SummaryRow[];
  }
}

const COLUMNS: [Outcome, string][] = [
  ['ok', 'ok'],
  ['crash', 'crashes'],
  ['hang', 'hangs'],
  ['injection', 'injections'],
  ['violation', 'violations'],
  ['memory', 'memory'],
  ['unreported', 'unreported'],
];

/** Merges rows of the same category (several test files may add to one). */
export function mergeRows(rows: readonly SummaryRow[]): SummaryRow[] {
  const byCategory = new Map<string, SummaryRow>();
  for (const row of rows) {
    const into = byCategory.get(row.category) ?? { category: row.category, cases: 0, outcomes: {}, ms: 0, peakMb: 0 };
    into.cases += row.cases;
    into.ms += row.ms;
    into.peakMb = Math.max(into.peakMb ?? 0, row.peakMb ?? 0);
    for (const [outcome, n] of Object.entries(row.outcomes) as [Outcome, number][]) into.outcomes[outcome] = (into.outcomes[outcome] ?? 0) + n;
    byCategory.set(row.category, into);
  }
  return [...byCategory.values()];
}

/** The table printed at the end of the run, and the one line that says whether the guarantees held. */
export function formatSummary(rows: readonly SummaryRow[]): string {
  const merged = mergeRows(rows);
  const header = ['category', 'cases', ...COLUMNS.map(([, label]) => label), 'peak MB', 'seconds'];
  const body = merged.map((r) => [r.category, String(r.cases), ...COLUMNS.map(([o]) => String(r.outcomes[o] ?? 0)), r.peakMb ? String(r.peakMb) : '-', (r.ms / 1000).toFixed(1)]);
  const total = (o: Outcome): number => merged.reduce((n, r) => n + (r.outcomes[o] ?? 0), 0);
  const cases = merged.reduce((n, r) => n + r.cases, 0);
  body.push(['total', String(cases), ...COLUMNS.map(([o]) => String(total(o))), String(Math.max(0, ...merged.map((r) => r.peakMb ?? 0))), (merged.reduce((n, r) => n + r.ms, 0) / 1000).toFixed(1)]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const failures = cases - total('ok');
  return [
    '',
    'archreview hostile-input suite',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...body.slice(0, -1).map(line),
    line(widths.map((w) => '-'.repeat(w))),
    line(body[body.length - 1]!),
    '',
    `${cases} cases: ${total('crash')} crashes, ${total('hang')} hangs, ${total('injection')} injections, ${total('violation')} guard violations, ${total('memory')} over memory, ${total('unreported')} unreported${failures ? ` — ${failures} FAILED` : ''}`,
    '',
  ].join('\n');
}
