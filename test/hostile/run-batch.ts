import { cleanup, realDir, runArchreview, runProblem, scratch, type Outcome, type RunResult } from './harness.js';
import type { Batch, HostileCase } from './repo.js';
import type { SummaryRow } from './summary.js';

/** Default time for one run; a run that takes longer is a hang. */
export const RUN_TIMEOUT_MS = 60_000;

export interface CaseResult {
  case: HostileCase;
  outcome: Outcome;
  detail: string;
}

export interface BatchResult {
  run: RunResult;
  results: CaseResult[];
  row: SummaryRow;
}

/** Generates a batch's repository, runs archreview on it once, and decides every case. */
export async function runBatch(batch: Batch): Promise<BatchResult> {
  const root = realDir(scratch(batch.id));
  const outside = realDir(scratch(`${batch.id}-outside`));
  const started = performance.now();
  try {
    const cases = batch.build(root, outside);
    const run = await runArchreview(root, { timeoutMs: RUN_TIMEOUT_MS, forbid: [outside], ...batch.options });
    const generic = runProblem(run, batch.options?.formats);
    const extra = generic ? [] : (batch.check?.(run, cases, root, outside) ?? []);
    const results = cases.map((c): CaseResult => {
      if (generic) return { case: c, ...generic };
      const own = extra.find((p) => p.name === c.name) ?? extra.find((p) => p.name === undefined);
      if (own) return { case: c, outcome: own.outcome, detail: own.detail };
      if (c.codes?.length) {
        const found = (run.report?.diagnostics ?? []).some(
          (d) => (c.file === undefined || d.file === c.file) && c.codes!.includes(d.code) && (!c.mentions || d.message.includes(c.mentions)),
        );
        if (!found) {
          const seen = (run.report?.diagnostics ?? []).filter((d) => d.file === c.file).map((d) => `${d.code}: ${d.message}`);
          return { case: c, outcome: 'unreported', detail: `no ${c.codes.join('/')} diagnostic${c.mentions ? ` mentioning ${c.mentions}` : ''} for ${c.file ?? 'the run'} (saw: ${seen.join('; ') || 'none'})` };
        }
      }
      return { case: c, outcome: 'ok', detail: '' };
    });
    const ms = Math.round(performance.now() - started);
    return { run, results, row: { ...summarize(results, ms), peakMb: run.maxRssMb } };
  } finally {
    cleanup(root);
    cleanup(outside);
  }
}

/** One summary row per category of the batch's cases. */
function summarize(results: CaseResult[], ms: number): SummaryRow {
  const categories = [...new Set(results.map((r) => r.case.category))];
  const outcomes: SummaryRow['outcomes'] = {};
  for (const r of results) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
  return { category: categories.join(', '), cases: results.length, outcomes, ms };
}

/** Failed cases as one line each, for the assertion message. */
export function failures(results: CaseResult[]): string[] {
  return results.filter((r) => r.outcome !== 'ok').map((r) => `${r.outcome}: ${r.case.category} / ${r.case.name}${r.case.file ? ` (${r.case.file})` : ''}: ${r.detail}`);
}
